package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void tokens_per_second_are_averaged_with_the_sample_standard_deviation_like_llama_bench() {
        // 512 tokens in 1 s, 0.5 s and 0.25 s: 512, 1024 and 2048 t/s.
        Samples s = new Samples("pp512", 512, 0, new long[] {1_000_000_000L, 500_000_000L, 250_000_000L});
        assertThat(s.tokensPerSecond()).containsExactly(512.0, 1024.0, 2048.0);
        assertThat(s.mean()).isCloseTo(1194.67, within(0.01));
        assertThat(s.stdDev()).isCloseTo(782.09, within(0.01));
    }

    @Test
    void a_single_repetition_has_no_spread() {
        Samples s = new Samples("tg128", 0, 128, new long[] {2_000_000_000L});
        assertThat(s.mean()).isEqualTo(64.0);
        assertThat(s.stdDev()).isZero();
    }
}
