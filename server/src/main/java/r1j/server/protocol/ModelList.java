package r1j.server.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.engine.settings.ModelDefaults;
import r1j.engine.settings.TaskPreset;

/** {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {
    public ModelList(List<Model> data) {
        this("list", data);
    }

    /**
     * {@code max_model_len} is vLLM's extra: the context a request may use; {@code defaults} is r1j's: what a
     * request that sets nothing gets, and the task presets' temperatures.
     */
    public record Model(String id, String object, long created, String ownedBy, String root, int maxModelLen,
            Defaults defaults) {
        public Model(String id, long created, String root, int maxModelLen, Defaults defaults) {
            this(id, "model", created, "r1j", root, maxModelLen, defaults);
        }
    }

    /**
     * @param maxTokens       a conversation reply's default (chat completions default to the rest of the context)
     * @param reasoningBudget -1: unlimited
     * @param presets         each task preset's temperature, used when a conversation message sets none
     */
    public record Defaults(double temperature, double topP, int maxTokens, int reasoningBudget,
            Map<String, Preset> presets) {
        public static Defaults of(ModelDefaults d) {
            Map<String, Preset> presets = new LinkedHashMap<>();
            for (TaskPreset p : TaskPreset.values()) presets.put(p.apiName(), new Preset(p.temperature()));
            return new Defaults(d.temperature(), d.topP(), d.maxTokens(), d.reasoningBudget(), presets);
        }
    }

    public record Preset(double temperature) {}
}
