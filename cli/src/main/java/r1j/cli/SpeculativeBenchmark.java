package r1j.cli;

import java.util.List;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.EngineStats;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * {@code bench --speculative ngram}: generation through the engine on a real prompt, with and without speculative
 * decoding, taking turns (so load drifts hurt both alike). Random tokens never repeat, so llama-bench's tg test
 * cannot show prompt lookup; this one decodes N tokens after a prompt that asks for a paragraph to be repeated, and
 * times the tokens after the first (the prompt's cost is not part of it).
 */
final class SpeculativeBenchmark implements AutoCloseable {
    /** The case: text the answer will copy. */
    static final String DEFAULT_PROMPT = "<｜User｜>Repeat this paragraph exactly, twice: The lighthouse keeper climbed"
            + " the narrow stairs at dusk, trimmed the wick, polished the great lens and lit the lamp, so that the"
            + " fishing boats coming home through the fog could find the harbour mouth between the rocks.<｜Assistant｜>"
            + "<think>\nThe user wants the paragraph repeated twice.\n</think>\n\nThe lighthouse keeper climbed the"
            + " narrow stairs at dusk, trimmed the wick, polished the great lens and lit the lamp, so that the fishing"
            + " boats coming home through the fog could find the harbour mouth between the rocks.\n\n";

    private final BatchEngine engine;
    private final int[] prompt;
    private final SamplingParams sampling;
    private final SpeculativeConfig speculative;

    /** The spec run's draft and accepted tokens over the timed repetitions. */
    private long drafted, accepted;

    SpeculativeBenchmark(LoadedModel model, int threads, String promptText, double temperature,
            double frequencyPenalty, SpeculativeConfig speculative, int tokens) {
        this.prompt = model.tokenizer().encodeWithBos(promptText);
        this.engine = BatchEngine.oneAtATime(model, threads, prompt.length + tokens + 1);
        this.sampling = SamplingParams.of(SamplingOverrides.builder().temperature(temperature)
                .frequencyPenalty(frequencyPenalty).seed(1L).build());
        this.speculative = speculative;
    }

    /** Two tests, "tgN engine" and "tgN ngram", each repetition running both. */
    List<Samples> run(int tokens, int repetitions) {
        long[] plain = new long[repetitions];
        long[] spec = new long[repetitions];
        for (int rep = -1; rep < repetitions; rep++) {
            GenerationResult a = generate(tokens, SpeculativeConfig.NONE);
            EngineStats before = engine.stats();
            GenerationResult b = generate(tokens, speculative);
            EngineStats after = engine.stats();
            if (!java.util.Arrays.equals(a.tokens(), b.tokens())) {
                throw new IllegalStateException("speculative decoding changed the output: a bug, please report it");
            }
            if (rep < 0) continue;
            plain[rep] = a.decodeNanos();
            spec[rep] = b.decodeNanos();
            drafted += after.draftTokens() - before.draftTokens();
            accepted += after.acceptedDraftTokens() - before.acceptedDraftTokens();
        }
        return List.of(new Samples("tg" + tokens + " engine", 0, tokens - 1, plain),
                new Samples("tg" + tokens + " " + speculative.method().label(), 0, tokens - 1, spec));
    }

    private GenerationResult generate(int tokens, SpeculativeConfig config) {
        GenerationSettings settings = new GenerationSettings(sampling, tokens, List.of(), true).withSpeculative(config);
        GenerationResult r = engine.submit(new GenerationRequest(prompt, settings)).await((id, delta) -> {});
        if (r.tokens().length != tokens) {
            throw new IllegalStateException("generated " + r.tokens().length + " tokens, expected " + tokens);
        }
        return r;
    }

    long draftedTokens() {
        return drafted;
    }

    long acceptedTokens() {
        return accepted;
    }

    int promptTokens() {
        return prompt.length;
    }

    @Override
    public void close() {
        engine.close();
    }
}
