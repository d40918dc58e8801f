package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import r1j.engine.speculative.SpeculativeConfig;

/** {@code --speculative ngram ...} and vLLM's {@code --speculative-config JSON} on serve, generate and bench. */
class SpeculativeOptionsTest {

    private static SpeculativeConfig serve(String... flags) {
        return ParsedServe.with(flags).speculative.config();
    }

    @Test
    void off_unless_asked_for() {
        assertThat(serve()).isEqualTo(SpeculativeConfig.NONE);
        assertThat(serve("--speculative", "none")).isEqualTo(SpeculativeConfig.NONE);
    }

    @Test
    void r1j_flags_with_defaults() {
        assertThat(serve("--speculative", "ngram")).isEqualTo(SpeculativeConfig.ngram());
        assertThat(serve("--speculative", "ngram", "--draft-max", "8", "--ngram-min", "1", "--ngram-max", "6"))
                .isEqualTo(SpeculativeConfig.ngram(8, 1, 6));
        assertThat(serve("--speculative", "ngram", "--ngram-max", "1")).isEqualTo(SpeculativeConfig.ngram(5, 1, 1));
        assertThat(serve("--speculative", "ngram", "--ngram-min", "6")).isEqualTo(SpeculativeConfig.ngram(5, 6, 6));
    }

    @Test
    void vllm_speculative_config_is_accepted() {
        assertThat(serve("--speculative-config",
                "{\"method\": \"ngram\", \"num_speculative_tokens\": 7, \"prompt_lookup_max\": 4, \"prompt_lookup_min\": 2}"))
                .isEqualTo(SpeculativeConfig.ngram(7, 2, 4));
        // vLLM: a missing lookup bound takes the other's value.
        assertThat(serve("--speculative-config", "{\"method\": \"ngram\", \"num_speculative_tokens\": 3, \"prompt_lookup_max\": 4}"))
                .isEqualTo(SpeculativeConfig.ngram(3, 4, 4));
        // The separate flags win over the JSON.
        assertThat(serve("--speculative-config", "{\"method\": \"ngram\", \"num_speculative_tokens\": 3}", "--draft-max", "9"))
                .isEqualTo(SpeculativeConfig.ngram(9, 2, 4));
    }

    @Test
    void what_r1j_cannot_do_is_an_error_naming_it() {
        assertThatThrownBy(() -> serve("--speculative", "eagle")).hasMessageContaining("'eagle'");
        assertThatThrownBy(() -> serve("--speculative-config", "{\"method\": \"eagle\", \"model\": \"x\"}"))
                .hasMessageContaining("'model' is not supported");
        assertThatThrownBy(() -> serve("--speculative-config", "{\"method\": \"eagle\"}"))
                .hasMessageContaining("'eagle'");
        assertThatThrownBy(() -> serve("--speculative-config", "[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> serve("--speculative-config", "{\"num_speculative_tokens\": \"5\"}"))
                .hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> serve("--speculative-config", "{nope")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> serve("--draft-max", "4")).hasMessageContaining("need --speculative ngram");
        assertThatThrownBy(() -> serve("--speculative", "ngram", "--draft-max", "0")).hasMessageContaining("draft-max");
    }

    @Test
    void generate_and_bench_take_the_same_flags() {
        GenerateCommand generate = new GenerateCommand();
        new CommandLine(generate).parseArgs("--model", "m.gguf", "--prompt", "hi", "--speculative", "ngram",
                "--draft-max", "3");
        assertThat(generate.speculative.config()).isEqualTo(SpeculativeConfig.ngram(3, 2, 4));
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--model", "m.gguf", "--speculative-config", "{\"method\": \"ngram\"}");
        assertThat(bench.speculative.config()).isEqualTo(SpeculativeConfig.ngram());
    }
}
