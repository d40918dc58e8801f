package r1j.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import r1j.engine.model.LoadedModel;
import r1j.engine.settings.RequestedSettings;
import r1j.engine.settings.SettingsResolver;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * Generation flags, resolved by the same rules as the server's request fields: anything left out falls back to the
 * model's defaults (temperature 0.6, top-p 0.95 for R1), then OpenAI's. The short names are llama.cpp's
 * ({@code --temp}, {@code -n}/{@code --n-predict}), so its command lines work unchanged. The resolver reads the flags
 * straight from these fields, as it reads a server request's.
 */
final class SamplingOptions implements RequestedSettings {
    @Option(names = {"--temperature", "--temp"}, paramLabel = "T", description = "0 = greedy. Default: the model's (0.6).")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Keep the K most likely tokens (0 = off).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling (1 = off). Default: the model's (0.95).")
    Double topP;

    @Option(names = "--min-p", paramLabel = "P", description = "Drop tokens below P x the top probability (0 = off).")
    Double minP;

    @Option(names = "--repeat-penalty", paramLabel = "R", description = "Repetition penalty (1 = off).")
    Double repetitionPenalty;

    @Option(names = "--presence-penalty", paramLabel = "P", description = "OpenAI presence penalty (0 = off).")
    Double presencePenalty;

    @Option(names = "--frequency-penalty", paramLabel = "F", description = "OpenAI frequency penalty (0 = off).")
    Double frequencyPenalty;

    @Option(names = {"-s", "--seed"}, paramLabel = "S", description = "Random seed: the same seed gives the same text.")
    Long seed;

    @Option(names = {"-n", "--max-tokens", "--n-predict"}, paramLabel = "N",
            description = "Most tokens to generate (default: until the context is full).")
    Integer maxTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop before this text (repeatable).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "Do not stop at end-of-generation tokens.")
    boolean ignoreEos;

    @Option(names = "--reasoning-budget", paramLabel = "N",
            description = "Most tokens to think before </think> is forced (-1 = unlimited, the default; 0 = no thinking).")
    Integer reasoningBudget;

    @Override
    public Double temperature() {
        return temperature;
    }

    @Override
    public Double topP() {
        return topP;
    }

    @Override
    public Integer topK() {
        return topK;
    }

    @Override
    public Double minP() {
        return minP;
    }

    @Override
    public Double presencePenalty() {
        return presencePenalty;
    }

    @Override
    public Double frequencyPenalty() {
        return frequencyPenalty;
    }

    @Override
    public Double repetitionPenalty() {
        return repetitionPenalty;
    }

    @Override
    public Long seed() {
        return seed;
    }

    @Override
    public Integer maxTokens() {
        return maxTokens;
    }

    @Override
    public List<String> stop() {
        return stop;
    }

    @Override
    public Boolean ignoreEos() {
        return ignoreEos;
    }

    @Override
    public Integer reasoningBudget() {
        return reasoningBudget;
    }

    /** The resolver for {@code model} with a context of {@code contextSize} tokens. */
    static SettingsResolver resolver(LoadedModel model, int contextSize) {
        return resolver(model, contextSize, SpeculativeConfig.NONE);
    }

    /** The resolver for {@code model}, decoding with {@code speculative}. */
    static SettingsResolver resolver(LoadedModel model, int contextSize, SpeculativeConfig speculative) {
        return new SettingsResolver(model.samplingDefaults(), contextSize, -1, speculative);
    }
}
