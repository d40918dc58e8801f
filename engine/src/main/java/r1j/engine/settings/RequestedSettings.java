package r1j.engine.settings;

import java.util.List;

/**
 * What one caller asked for, every field optional (null: not given). The server's request records, conversation
 * messages and the CLI's flags implement it directly through their own accessors, so a value such as
 * {@code temperature} travels from where it was read straight to {@link SettingsResolver}, which fills the gaps and
 * checks ranges. Fields a caller does not have answer null.
 */
public interface RequestedSettings {
    /** A caller that asks for nothing: every default applies. */
    RequestedSettings NONE = new RequestedSettings() {
        @Override public Double temperature() { return null; }
        @Override public Double topP() { return null; }
        @Override public Integer topK() { return null; }
        @Override public Double minP() { return null; }
        @Override public Double presencePenalty() { return null; }
        @Override public Double frequencyPenalty() { return null; }
        @Override public Double repetitionPenalty() { return null; }
        @Override public Long seed() { return null; }
        @Override public Integer maxTokens() { return null; }
    };

    /** 0 = greedy; otherwise the logits are divided by it. */
    Double temperature();

    Double topP();

    /** -1 or 0: off. */
    Integer topK();

    Double minP();

    Double presencePenalty();

    Double frequencyPenalty();

    Double repetitionPenalty();

    Long seed();

    /** {@code max_tokens}. */
    Integer maxTokens();

    /** {@code max_completion_tokens}, OpenAI's newer name for {@code max_tokens} (wins when both are given). */
    default Integer maxCompletionTokens() {
        return null;
    }

    default List<String> stop() {
        return null;
    }

    /** Keep going past end-of-generation tokens (benchmarks). */
    default Boolean ignoreEos() {
        return null;
    }

    /** Most tokens to think: -1 unlimited, 0 no thinking (llama.cpp's {@code reasoning_budget}). */
    default Integer reasoningBudget() {
        return null;
    }

    /** OpenAI's {@code low}, {@code medium}, {@code high}: a thinking budget by name (see {@link ReasoningEffort}). */
    default String reasoningEffort() {
        return null;
    }
}
