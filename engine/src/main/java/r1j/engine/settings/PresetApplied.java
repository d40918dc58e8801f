package r1j.engine.settings;

import java.util.List;

/**
 * A request seen through a task preset: the preset's temperature stands in for the one the request did not give;
 * every other field is the request's own. Only built when {@link SettingsResolver#presetApplies} holds.
 */
record PresetApplied(RequestedSettings request, TaskPreset preset) implements RequestedSettings {
    @Override public Double temperature() { return preset.temperature(); }
    @Override public Double topP() { return request.topP(); }
    @Override public Integer topK() { return request.topK(); }
    @Override public Double minP() { return request.minP(); }
    @Override public Double presencePenalty() { return request.presencePenalty(); }
    @Override public Double frequencyPenalty() { return request.frequencyPenalty(); }
    @Override public Double repetitionPenalty() { return request.repetitionPenalty(); }
    @Override public Long seed() { return request.seed(); }
    @Override public Integer maxTokens() { return request.maxTokens(); }
    @Override public Integer maxCompletionTokens() { return request.maxCompletionTokens(); }
    @Override public List<String> stop() { return request.stop(); }
    @Override public Boolean ignoreEos() { return request.ignoreEos(); }
    @Override public Integer reasoningBudget() { return request.reasoningBudget(); }
    @Override public String reasoningEffort() { return request.reasoningEffort(); }
}
