package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.tokenizer.ReferenceCases.Case;
import r1j.testkit.Fixtures;

/** The tiny model's own tokenizer: the first 1024 real tokens plus the 22 added tokens renumbered from 1024. */
class TinyModelTokenizerTest {
    private static BpeTokenizer fromJson;
    private static BpeTokenizer fromGguf;

    @BeforeAll
    static void load() {
        Path hf = Fixtures.resolve("tiny-qwen2/hf");
        fromJson = new BpeTokenizer(TokenizerSpecs.fromTokenizerJson(
                hf.resolve("tokenizer.json"), hf.resolve("tokenizer_config.json")));
        fromGguf = new BpeTokenizer(ReferenceCases.specFromGguf(Fixtures.resolve("tiny-qwen2/tiny-qwen2-F32.gguf")));
    }

    @Test
    void the_tiny_tokenizer_has_1046_tokens_with_bos_1027_and_eos_1024() {
        for (BpeTokenizer t : List.of(fromJson, fromGguf)) {
            assertThat(t.vocabSize()).isEqualTo(1046);
            assertThat(t.bos()).isEqualTo(1027);
            assertThat(t.eos()).isEqualTo(1024);
            assertThat(t.addBos()).isTrue();
        }
        assertThat(fromJson.spec().tokenTypes()).isEqualTo(fromGguf.spec().tokenTypes());
    }

    @Test
    void tokenizer_json_and_gguf_give_the_same_ids_and_text_back() {
        List<String> texts = new ArrayList<>(List.of(
                "Hello world", "<｜begin▁of▁sentence｜><｜User｜>What is 2+2?<｜Assistant｜><think>\n",
                "naïve café, 北京 🦙\r\n\tdone"));
        for (Case c : ReferenceCases.all()) texts.add(c.text()); // many words fall apart into small tokens here
        for (String text : texts) {
            for (boolean parseSpecial : new boolean[] {true, false}) {
                int[] ids = fromJson.encode(text, parseSpecial);
                assertThat(fromGguf.encode(text, parseSpecial)).as(text).isEqualTo(ids);
                assertThat(Arrays.stream(ids).allMatch(id -> id >= 0 && id < 1046)).isTrue();
                assertThat(fromGguf.decode(ids)).isEqualTo(java.text.Normalizer.normalize(text,
                        java.text.Normalizer.Form.NFC));
            }
        }
        assertThat(fromGguf.encodeWithBos("Hello world")).startsWith(1027).hasSizeGreaterThan(2);
    }

    @Test
    void every_expected_prompt_decodes_to_text_that_encodes_back_to_its_ids() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(
                Fixtures.resolve("tiny-qwen2/expected/tiny-qwen2-F32.json").toFile());
        List<String> recovered = new ArrayList<>();
        for (JsonNode prompt : expected.get("prompts")) {
            int[] ids = new int[prompt.get("ids").size()];
            for (int i = 0; i < ids.length; i++) ids[i] = prompt.get("ids").get(i).asInt();
            String text = fromGguf.decode(ids);
            assertThat(fromGguf.encodeWithBos(text)).as(prompt.get("name").asText()).isEqualTo(ids);
            assertThat(fromJson.encodeWithBos(text)).as(prompt.get("name").asText()).isEqualTo(ids);
            recovered.add(prompt.get("name").asText() + " (" + ids.length + " ids)");
        }
        System.out.println("tiny-qwen2 prompts recovered from text: " + recovered);
        assertThat(recovered).hasSize(5);
    }
}
