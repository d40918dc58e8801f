package r1j.engine.settings;

/**
 * What a request that sets nothing gets, as the one resolver decides it: shown to people choosing settings (the web
 * chat's settings panel, {@code /v1/models}) so they see what an empty field means.
 *
 * @param temperature     without a task preset (the model's {@code generation_config.json}, else OpenAI's)
 * @param topP            likewise
 * @param maxTokens       a stored conversation's reply ({@link MaxTokensDefault#CONVERSATION_REPLY})
 * @param reasoningBudget most thinking tokens; -1 unlimited
 */
public record ModelDefaults(double temperature, double topP, int maxTokens, int reasoningBudget) {}
