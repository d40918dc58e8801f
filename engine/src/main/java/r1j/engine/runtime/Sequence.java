package r1j.engine.runtime;

import java.util.Arrays;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.generate.SequenceOutput;
import r1j.engine.kv.SequenceKv;
import r1j.engine.speculative.NgramProposer;

/**
 * One request inside the engine. Like vLLM's scheduler, there is no prefill or decode phase: {@code tokens} holds
 * the prompt plus everything generated, {@code computed} how many of them are in the KV cache, and each step feeds
 * some of the rest. Owned by the engine thread.
 */
final class Sequence {
    final GenerationStream stream;
    final RequestMonitor.Timer timer;
    final int[] prompt;
    final GenerationSettings settings;
    final SequenceOutput output;
    final long submittedAt;
    /** Order of first admission; 0 while never admitted. Kept across preemption, so a resumed request stays old. */
    long admitOrder;
    SequenceKv kv;
    int[] tokens;
    int length;
    int computed;
    int cachedPromptTokens;
    long firstTokenAt;
    /** Drafts this sequence's next tokens; null when it does not speculate. */
    final NgramProposer proposer;
    /** The draft fed after {@code tokens} in the current step, {@code draftLength} of it; never part of {@code tokens}. */
    final int[] draft;
    int draftLength;

    Sequence(GenerationStream stream, RequestMonitor.Timer timer, int[] prompt, GenerationSettings settings,
            SequenceOutput output, long submittedAt) {
        this.stream = stream;
        this.timer = timer;
        this.prompt = prompt;
        this.settings = settings;
        this.output = output;
        this.submittedAt = submittedAt;
        this.tokens = Arrays.copyOf(prompt, prompt.length + 16);
        this.length = prompt.length;
        boolean speculates = settings.speculative().enabled();
        this.proposer = speculates ? new NgramProposer(settings.speculative()) : null;
        this.draft = new int[speculates ? settings.speculative().draftMax() : 0];
    }

    int pending() {
        return length - computed;
    }

    void append(int token) {
        if (length == tokens.length) tokens = Arrays.copyOf(tokens, length * 2);
        tokens[length++] = token;
    }
}
