package r1j.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenLogprobsTest {
    @Test
    void log_softmax_of_the_chosen_token_and_the_top_k_sorted() {
        float[] logits = {9, 1, 2, 3, 0};
        // Offset 1: the vocabulary is {1, 2, 3, 0}.
        TokenLogprobs lp = TokenLogprobs.of(logits, 1, 4, 0, 2);
        double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(0));
        assertThat((double) lp.logprob()).isCloseTo(1 - z, within(1e-5));
        assertThat(lp.topTokens()).containsExactly(2, 1);
        assertThat((double) lp.topLogprobs()[0]).isCloseTo(3 - z, within(1e-5));
        assertThat((double) lp.topLogprobs()[1]).isCloseTo(2 - z, within(1e-5));
        assertThat(TokenLogprobs.of(logits, 1, 4, 0, 0).topTokens()).isEmpty();
    }
}
