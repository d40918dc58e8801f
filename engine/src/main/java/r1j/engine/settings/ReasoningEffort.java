package r1j.engine.settings;

import java.util.Locale;
import r1j.engine.sampling.InvalidSettingException;

/**
 * OpenAI's {@code reasoning_effort} as thinking budgets: {@code low} 512 tokens, {@code medium} 2048, {@code high}
 * 8192. R1-Distill-Qwen-1.5B thinks a few hundred tokens on easy questions and a few thousand on contest maths, so
 * low cuts most thinking short, medium lets typical questions finish and high rarely binds.
 */
public enum ReasoningEffort {
    LOW(512), MEDIUM(2048), HIGH(8192);

    private final int budget;

    ReasoningEffort(int budget) {
        this.budget = budget;
    }

    /** The thinking budget in tokens. */
    public int budget() {
        return budget;
    }

    /** @throws InvalidSettingException naming {@code reasoning_effort} for anything but low, medium or high */
    public static ReasoningEffort parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("reasoning_effort",
                    "reasoning_effort must be 'low', 'medium' or 'high', got '" + value + "'");
        }
    }

    static int budgetOf(Integer budget, String effort, int fallback) {
        if (budget != null) return budget;
        return effort != null ? parse(effort).budget() : fallback;
    }
}
