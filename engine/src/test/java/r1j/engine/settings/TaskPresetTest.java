package r1j.engine.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import r1j.engine.sampling.InvalidSettingException;
import r1j.engine.sampling.SamplingOverrides;
import org.junit.jupiter.api.Test;

class TaskPresetTest {
    /** The model's own defaults, as a generation_config.json gives them. */
    private static final SamplingOverrides MODEL = SamplingOverrides.builder().temperature(0.6).topP(0.95).build();
    private final SettingsResolver resolver = new SettingsResolver(MODEL, 4096, -1);

    /** A caller that gives only a temperature (or none) and 100 max tokens. */
    private record Asked(Double temperature) implements RequestedSettings {
        @Override public Double topP() { return null; }
        @Override public Integer topK() { return null; }
        @Override public Double minP() { return null; }
        @Override public Double presencePenalty() { return null; }
        @Override public Double frequencyPenalty() { return null; }
        @Override public Double repetitionPenalty() { return null; }
        @Override public Long seed() { return null; }
        @Override public Integer maxTokens() { return 100; }
    }

    private static RequestedSettings temperature(Double t) {
        return new Asked(t);
    }

    @Test
    void the_authors_table_creative_07_reasoning_05_default_06() {
        assertThat(TaskPreset.CREATIVE.temperature()).isEqualTo(0.7);
        assertThat(TaskPreset.REASONING.temperature()).isEqualTo(0.5);
        assertThat(TaskPreset.DEFAULT.temperature()).isEqualTo(0.6);
    }

    @Test
    void a_preset_sets_the_temperature_only_when_the_request_gives_none() {
        assertThat(resolver.resolveReply(temperature(null), TaskPreset.CREATIVE).sampling().temperature()).isEqualTo(0.7);
        assertThat(resolver.resolveReply(temperature(null), TaskPreset.REASONING).sampling().temperature()).isEqualTo(0.5);
        assertThat(resolver.resolveReply(temperature(null), TaskPreset.REASONING).sampling().topP())
                .as("the model's other defaults stay").isEqualTo(0.95);
        assertThat(resolver.resolveReply(temperature(0.9), TaskPreset.REASONING).sampling().temperature()).isEqualTo(0.9);
        assertThat(SettingsResolver.presetApplies(temperature(0.9))).isFalse();
        assertThat(resolver.resolveReply(temperature(null), null).sampling().temperature())
                .as("no preset: the model's default").isEqualTo(0.6);
    }

    @Test
    void names_are_the_lower_case_api_values_and_others_are_refused_naming_the_field() {
        assertThat(TaskPreset.parse("reasoning", "preset")).isEqualTo(TaskPreset.REASONING);
        assertThat(TaskPreset.CREATIVE.apiName()).isEqualTo("creative");
        assertThatThrownBy(() -> TaskPreset.parse("REASONING", "preset")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("preset must be 'creative', 'reasoning' or 'default'");
    }
}
