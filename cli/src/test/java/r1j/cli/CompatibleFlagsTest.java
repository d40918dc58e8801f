package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** vLLM's serve flags and llama.cpp's short names, as users paste them from those projects' guides. */
class CompatibleFlagsTest {

    private static VllmFlags vllm(String... flags) {
        return ParsedServe.with(flags).vllm;
    }

    @Test
    void a_vllm_guide_command_line_is_accepted_with_one_line_per_flag() {
        List<String> notes = vllm("--dtype", "bfloat16", "--tensor-parallel-size", "2", "--gpu-memory-utilization", "0.9",
                "--enable-auto-tool-choice", "--tool-call-parser", "hermes", "--reasoning-parser", "deepseek_r1",
                "--trust-remote-code").notes();
        assertThat(notes).hasSize(7);
        assertThat(notes.get(0)).startsWith("--dtype bfloat16: ignored");
        assertThat(notes.get(1)).startsWith("--tensor-parallel-size 2: ignored").contains("--threads");
        assertThat(notes.get(2)).startsWith("--gpu-memory-utilization 0.9: not applicable").contains("--kv-cache-memory");
        assertThat(notes.get(3)).startsWith("--enable-auto-tool-choice: always on");
        assertThat(notes.get(4)).startsWith("--tool-call-parser hermes:").contains("DeepSeek-R1 and Hermes");
        assertThat(notes.get(5)).startsWith("--reasoning-parser deepseek_r1: always on").contains("reasoning_content");
        assertThat(notes.get(6)).startsWith("--trust-remote-code: ignored");
        assertThat(vllm("--tool-call-parser", "deepseek_r1").notes()).hasSize(1);
        assertThat(vllm("--enable-reasoning", "--reasoning-parser", "deepseek_r1").notes())
                .containsExactly("--enable-reasoning: always on; the thinking before </think> is returned as reasoning_content",
                        "--reasoning-parser deepseek_r1: always on; the thinking before </think> is returned as reasoning_content");
    }

    @Test
    void without_vllm_flags_nothing_is_said() {
        assertThat(vllm().notes()).isEmpty();
    }

    @Test
    void values_vllm_would_refuse_are_errors_naming_the_choices() {
        assertThatThrownBy(() -> vllm("--tool-call-parser", "foo").notes())
                .hasMessage("--tool-call-parser must be one of hermes, deepseek_r1, got 'foo'");
        assertThatThrownBy(() -> vllm("--reasoning-parser", "qwen3").notes())
                .hasMessage("--reasoning-parser must be one of deepseek_r1, got 'qwen3'");
        assertThatThrownBy(() -> vllm("--dtype", "int8").notes())
                .hasMessageStartingWith("--dtype must be one of auto, half, float16, bfloat16, float, float32");
        assertThatThrownBy(() -> vllm("--gpu-memory-utilization", "1.5").notes()).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> vllm("--tensor-parallel-size", "0").notes()).hasMessageContaining("at least 1");
    }

    @Test
    void quantization_is_an_error_naming_what_is_supported() {
        assertThatThrownBy(() -> QuantizationCheck.checkMethod("gptq"))
                .hasMessageStartingWith("--quantization gptq is not supported")
                .hasMessageContaining("GGUF files of the types F32, F16, Q4_0")
                .hasMessageContaining("Q4_K, Q5_K, Q6_K, IQ4_NL, IQ4_XS, BF16 (make one")
                .hasMessageContaining("safetensors directories in BF16, F16, F32");
    }

    @Test
    void serve_refuses_quantization_in_one_line_before_loading_the_model() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("serve", "--model", "/nonexistent/model.gguf", "--quantization", "gptq");
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("r1j: --quantization gptq is not supported").doesNotContain("nonexistent");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void generate_and_chat_take_llama_cpp_short_names() {
        GenerateCommand generate = new GenerateCommand();
        new CommandLine(generate).parseArgs("-m", "model.gguf", "--temp", "0.3", "-n", "5", "-c", "128", "-t", "2", "-p", "hi");
        assertLlamaCppValues(generate.sampling, generate.model);
        ChatCommand chat = new ChatCommand();
        new CommandLine(chat).parseArgs("-m", "model.gguf", "--temp", "0.3", "-n", "5", "-c", "128", "-t", "2");
        assertLlamaCppValues(chat.sampling, chat.model);
        generate = new GenerateCommand();
        new CommandLine(generate).parseArgs("-m", "model.gguf", "--n-predict", "7", "-p", "hi");
        assertThat(generate.sampling.maxTokens).isEqualTo(7);
    }

    private static void assertLlamaCppValues(SamplingOptions sampling, ModelOptions model) {
        assertThat(sampling.temperature).isEqualTo(0.3);
        assertThat(sampling.maxTokens).isEqualTo(5);
        assertThat(model.contextSize).isEqualTo(128);
        assertThat(model.threads).isEqualTo(2);
    }
}
