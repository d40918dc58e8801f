package r1j.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.hub.Fixtures;

class QuantizationCheckTest {
    @TempDir
    Path dir;

    @Test
    void awq_is_accepted_only_for_a_directory_whose_config_says_awq() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"qwen2\",\"quantization_config\":"
                + "{\"quant_method\":\"awq\",\"bits\":4,\"group_size\":128,\"zero_point\":true,\"version\":\"gemm\"}}");
        assertThatCode(() -> QuantizationCheck.check("AWQ", dir)).doesNotThrowAnyException();
        assertThatCode(() -> QuantizationCheck.check(null, Fixtures.tiny("tiny-qwen2-Q8_0.gguf"))).doesNotThrowAnyException();

        assertThatThrownBy(() -> QuantizationCheck.check("awq", Fixtures.tiny("hf")))
                .hasMessageContaining("is not an AWQ checkpoint");
        assertThatThrownBy(() -> QuantizationCheck.check("awq", Fixtures.tiny("tiny-qwen2-Q8_0.gguf")))
                .hasMessageContaining("is not an AWQ checkpoint");
        assertThatThrownBy(() -> QuantizationCheck.check("gptq", dir))
                .hasMessageContaining("--quantization gptq is not supported");
    }
}
