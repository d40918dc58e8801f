package r1j.engine.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.sampling.SamplingParams;

/**
 * A throwaway generation at start-up, so the first real request does not pay for the JIT: until the vector kernels
 * are compiled they run in the Vector API's slow, allocating fallbacks (a cold first request took 4.1 s against 2.0
 * s warm on the 1.5B Q4_K_M, and 2.3 s after this warm-up of about 5 s). llama.cpp's server warms up too
 * ({@code --no-warmup} turns it off there as here).
 *
 * <p>It runs on its own small {@link BatchEngine} (the weights are shared, the KV cache is not), so the serving
 * engine's counters and prefix cache start empty. Two sequences (prompts of 13 and 9 tokens, 16 and 8 tokens to
 * generate) pass through the main kernel shapes: a prompt chunk (the 4x6 block), two-sequence decode (the panel)
 * and one-sequence decode (the fused kernels). A longer warm-up cost more start-up time than it saved.
 */
public final class WarmUp {
    private static final int[] PROMPT_TOKENS = {13, 9};
    private static final int[] GENERATED_TOKENS = {16, 8};

    private WarmUp() {}

    /** Runs the warm-up with {@code threads} compute threads; throws if the model fails on it. */
    public static Duration run(LoadedModel model, int threads) {
        long start = System.nanoTime();
        int maxModelLen = Math.min(128, model.config().contextLength());
        int longest = PROMPT_TOKENS[0] + GENERATED_TOKENS[0];
        if (maxModelLen <= longest) return Duration.ZERO;  // a toy context window: nothing worth warming
        EngineOptions options = new EngineOptions(threads, 2, maxModelLen, 2L * maxModelLen * BatchEngine.kvBytesPerToken(model),
                16, 64, 2);
        try (BatchEngine engine = new BatchEngine(model, options)) {
            int vocab = model.config().vocabSize();
            List<GenerationStream> streams = new ArrayList<>();
            for (int s = 0; s < PROMPT_TOKENS.length; s++) {
                int[] prompt = new int[PROMPT_TOKENS[s]];
                for (int i = 0; i < prompt.length; i++) prompt[i] = (1000 + 7 * s + i) % vocab;
                GenerationSettings settings = new GenerationSettings(SamplingParams.greedy(), GENERATED_TOKENS[s], List.of(), true);
                streams.add(engine.submit(new GenerationRequest(prompt, settings)));
            }
            // Both run together (that is the point); a failure is thrown by await.
            for (GenerationStream stream : streams) stream.await((id, text) -> {});
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
