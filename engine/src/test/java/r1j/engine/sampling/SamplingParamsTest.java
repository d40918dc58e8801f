package r1j.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplingParamsTest {

    private static final SamplingOverrides MODEL = SamplingOverrides.builder().temperature(0.6).topP(0.95).build();

    @Test
    void a_request_value_wins_then_the_model_default_then_the_openai_default() {
        SamplingParams p = SamplingParams.withDefaults(
                SamplingOverrides.builder().temperature(0.2).seed(9L).build(), MODEL);
        assertThat(p.temperature()).isEqualTo(0.2);
        assertThat(p.topP()).isEqualTo(0.95);
        assertThat(p.topK()).isZero();
        assertThat(p.minP()).isZero();
        assertThat(p.repetitionPenalty()).isEqualTo(1.0);
        assertThat(p.presencePenalty()).isZero();
        assertThat(p.frequencyPenalty()).isZero();
        assertThat(p.seed()).isEqualTo(9L);

        SamplingParams modelOnly = SamplingParams.withDefaults(SamplingOverrides.NONE, MODEL);
        assertThat(modelOnly.temperature()).isEqualTo(0.6);
        assertThat(modelOnly.seed()).isNull();

        SamplingParams openAi = SamplingParams.of(SamplingOverrides.NONE);
        assertThat(openAi.temperature()).isEqualTo(1.0);
        assertThat(openAi.topP()).isEqualTo(1.0);
        assertThat(openAi.isGreedy()).isFalse();
    }

    @Test
    void greedy_is_temperature_zero_without_penalties() {
        SamplingParams g = SamplingParams.greedy();
        assertThat(g.isGreedy()).isTrue();
        assertThat(g.hasPenalties()).isFalse();
    }

    @Test
    void a_negative_top_k_means_off() {
        assertThat(SamplingParams.of(SamplingOverrides.builder().topK(-1).build()).topK()).isZero();
    }

    @Test
    void out_of_range_values_are_rejected_with_the_field_name() {
        assertThatThrownBy(() -> of(SamplingOverrides.builder().temperature(-0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().temperature(Double.NaN))).hasMessageContaining("temperature");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().topP(0.0))).hasMessageContaining("top_p must be in (0, 1]");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().topP(1.5))).hasMessageContaining("top_p");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().minP(-0.5))).hasMessageContaining("min_p");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().repetitionPenalty(0.0))).hasMessageContaining("repetition_penalty");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().presencePenalty(2.5))).hasMessageContaining("presence_penalty");
        assertThatThrownBy(() -> of(SamplingOverrides.builder().frequencyPenalty(-3.0))).hasMessageContaining("frequency_penalty");
    }

    private static SamplingParams of(SamplingOverrides.Builder b) {
        return SamplingParams.of(b.build());
    }
}
