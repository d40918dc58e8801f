package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {

    private static List<String> split(PreTokenizer p, String text) {
        List<String> words = new ArrayList<>();
        p.split(text, words::add);
        assertThat(String.join("", words)).isEqualTo(text);
        return words;
    }

    @Test
    void qwen2_splits_digits_one_by_one_and_keeps_contractions_apart() {
        assertThat(split(PreTokenizer.QWEN2, "Hello world's 2024!!\n\n  x"))
                .containsExactly("Hello", " world", "'s", " ", "2", "0", "2", "4", "!!\n\n", " ", " x");
        assertThat(split(PreTokenizer.QWEN2, "IT'S")).containsExactly("IT", "'S");
    }

    @Test
    void qwen2_treats_unicode_spaces_as_spaces_like_oniguruma() {
        // U+00A0 and U+3000 are White_Space (Java's plain \s would not match them); U+200B is not.
        assertThat(split(PreTokenizer.QWEN2, "a\u00A0\u00A0b")).containsExactly("a", "\u00A0", "\u00A0b");
        assertThat(split(PreTokenizer.QWEN2, "x\u3000y")).containsExactly("x", "\u3000y");
        assertThat(split(PreTokenizer.QWEN2, "zero\u200Bwidth")).containsExactly("zero", "\u200Bwidth");
    }

    @Test
    void qwen2_keeps_trailing_spaces_off_the_next_word() {
        assertThat(split(PreTokenizer.QWEN2, "a   b")).containsExactly("a", "  ", " b");
        assertThat(split(PreTokenizer.QWEN2, "a  \n b")).containsExactly("a", "  \n", " b");
        assertThat(split(PreTokenizer.QWEN2, "🦙.cpp")).containsExactly("🦙.", "cpp");
    }

    @Test
    void gpt2_joins_digits_and_lets_words_take_one_leading_space() {
        assertThat(split(PreTokenizer.GPT2, "Hello world's 2024!!"))
                .containsExactly("Hello", " world", "'s", " 2024", "!!");
    }

    @Test
    void is_found_by_its_gguf_name_or_tokenizer_json_regex() {
        assertThat(PreTokenizer.fromGgufName("deepseek-r1-qwen")).contains(PreTokenizer.QWEN2);
        assertThat(PreTokenizer.fromGgufName("qwen2")).contains(PreTokenizer.QWEN2);
        assertThat(PreTokenizer.fromGgufName("llama-bpe")).isEmpty();
        assertThat(PreTokenizer.fromHuggingFaceRegex(PreTokenizer.QWEN2.huggingFaceRegex)).contains(PreTokenizer.QWEN2);
    }
}
