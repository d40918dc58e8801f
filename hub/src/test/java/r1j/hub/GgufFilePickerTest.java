package r1j.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** llama.cpp's -hf rule, on file lists shaped like the real GGUF repositories. */
class GgufFilePickerTest {
    private static final List<String> BARTOWSKI = List.of(
            "DeepSeek-R1-Distill-Qwen-1.5B-IQ4_XS.gguf", "DeepSeek-R1-Distill-Qwen-1.5B-Q3_K_M.gguf",
            "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_L.gguf", "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf",
            "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_S.gguf", "DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf",
            "DeepSeek-R1-Distill-Qwen-1.5B-f16.gguf", "DeepSeek-R1-Distill-Qwen-1.5B.imatrix", "README.md");

    @Test
    void a_tag_matches_case_insensitively_when_followed_by_a_dot_or_dash() {
        assertThat(GgufFilePicker.pick(BARTOWSKI, Optional.of("q8_0"))).contains("DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf");
        assertThat(GgufFilePicker.pick(BARTOWSKI, Optional.of("F16"))).contains("DeepSeek-R1-Distill-Qwen-1.5B-f16.gguf");
        assertThat(GgufFilePicker.pick(BARTOWSKI, Optional.of("Q4_K"))).isEmpty();     // Q4_K_M is not Q4_K
        assertThat(GgufFilePicker.pick(List.of("qwen2.5-1.5b-instruct-q4_k_m.gguf"), Optional.of("Q4_K_M")))
                .contains("qwen2.5-1.5b-instruct-q4_k_m.gguf");
    }

    @Test
    void no_tag_means_q4_k_m_then_q8_0_then_the_first_model_file() {
        assertThat(GgufFilePicker.pick(BARTOWSKI, Optional.empty())).contains("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf");
        assertThat(GgufFilePicker.pick(List.of("m-F16.gguf", "m-Q8_0.gguf"), Optional.empty())).contains("m-Q8_0.gguf");
        assertThat(GgufFilePicker.pick(List.of("mmproj-m-F16.gguf", "m-F16.gguf"), Optional.empty())).contains("m-F16.gguf");
    }

    @Test
    void projectors_and_later_split_parts_are_never_chosen_and_a_file_tag_names_the_file() {
        List<String> files = List.of("mmproj-Q8_0.gguf", "big-Q8_0-00002-of-00002.gguf", "big-Q8_0-00001-of-00002.gguf");
        assertThat(GgufFilePicker.pick(files, Optional.of("Q8_0"))).contains("big-Q8_0-00001-of-00002.gguf");
        assertThat(GgufFilePicker.parts("big-Q8_0-00001-of-00002.gguf")).isEqualTo(2);
        assertThat(GgufFilePicker.pick(BARTOWSKI, Optional.of("deepseek-r1-distill-qwen-1.5b-q4_k_s.gguf")))
                .contains("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_S.gguf");
    }
}
