package r1j.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelReferenceTest {
    @Test
    void org_name_with_an_optional_quant_tag_or_file_is_a_reference() {
        assertThat(ModelReference.parse("bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M")).contains(
                new ModelReference("bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF", Optional.of("Q4_K_M")));
        assertThat(ModelReference.parse("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B")).contains(
                new ModelReference("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", Optional.empty()));
        ModelReference file = ModelReference.parse("org/repo-GGUF:Model-q8_0.GGUF").orElseThrow();
        assertThat(file.namesFile()).isTrue();
        assertThat(ModelReference.parse("org/repo:q8_0").orElseThrow().namesFile()).isFalse();
    }

    @Test
    void paths_and_malformed_ids_are_not_references() {
        assertThat(ModelReference.parse("model.gguf")).isEmpty();
        assertThat(ModelReference.parse("models/tiny-Q8_0.gguf")).isEmpty();     // a mistyped local path, not a repo
        assertThat(ModelReference.parse("/abs/model.gguf")).isEmpty();
        assertThat(ModelReference.parse("./models/x")).isEmpty();
        assertThat(ModelReference.parse("../shared/reference")).isEmpty();
        assertThat(ModelReference.parse("a/b/c")).isEmpty();
        assertThat(ModelReference.parse("org/-name")).isEmpty();
        assertThat(ModelReference.parse("org/name:")).isEmpty();
        assertThat(ModelReference.parse("org/name:a/b")).isEmpty();
    }
}
