package r1j.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.engine.speculative.NgramProposer;
import r1j.engine.speculative.SpeculativeConfig;
import r1j.testkit.Fixtures;

/**
 * Speculative decoding changes how fast tokens come, never which: the same requests with and without it, alone, in
 * a batch, under preemption and with a tight step budget, must give the same tokens; and the first token of a
 * speculating request, drawn while a draft is being checked, must follow the model's distribution.
 */
class SpeculativeDecodingTest {
    private static LoadedModel model;
    private static final SpeculativeConfig NGRAM = SpeculativeConfig.ngram(5, 1, 4);

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A prompt that repeats itself, so prompt lookup finds n-grams from the first step on. */
    private static int[] repeatPrompt(int i) {
        String paragraph = "The quick brown fox " + i + " jumps over the lazy dog and runs back home. ";
        return model.tokenizer().encodeWithBos("<｜User｜>Repeat this paragraph: " + paragraph + paragraph
                + "<｜Assistant｜>" + paragraph.substring(0, 20));
    }

    private static GenerationSettings greedy(int maxTokens) {
        return new GenerationSettings(SamplingParams.greedy(), maxTokens, List.of(), true);
    }

    private static GenerationSettings sampled(long seed, int maxTokens, double frequencyPenalty) {
        SamplingParams p = SamplingParams.of(SamplingOverrides.builder().temperature(0.8).topP(0.95)
                .frequencyPenalty(frequencyPenalty).seed(seed).build());
        return new GenerationSettings(p, maxTokens, List.of(), true);
    }

    private static EngineOptions options(int maxNumSeqs, long kvTokens, int maxBatchTokens) {
        return new EngineOptions(2, maxNumSeqs, 1024, kvTokens * BatchEngine.kvBytesPerToken(model), 16,
                maxBatchTokens, 2048);
    }

    private static List<int[]> run(EngineOptions options, List<int[]> prompts, List<GenerationSettings> settings,
            EngineStats[] statsOut) {
        try (BatchEngine engine = new BatchEngine(model, options)) {
            List<GenerationStream> streams = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                streams.add(engine.submit(new GenerationRequest(prompts.get(i), settings.get(i))));
            }
            List<int[]> out = new ArrayList<>();
            for (GenerationStream s : streams) out.add(s.await((id, d) -> {}).tokens());
            awaitIdle(engine);
            statsOut[0] = engine.stats();
            return out;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitIdle(BatchEngine engine) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((engine.stats().running() > 0 || engine.stats().kvBlocksUsed() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Each request alone without speculation, then all of them together with it: the same tokens, and drafts used. */
    private static EngineStats assertSameTokens(List<int[]> prompts, List<GenerationSettings> settings,
            EngineOptions together) {
        EngineStats[] stats = new EngineStats[1];
        List<int[]> alone = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            alone.add(run(options(1, 4096, 512), List.of(prompts.get(i)), List.of(settings.get(i)), stats).get(0));
            assertThat(stats[0].draftTokens()).isZero();
        }
        List<GenerationSettings> speculating = settings.stream().map(s -> s.withSpeculative(NGRAM)).toList();
        List<int[]> spec = run(together, prompts, speculating, stats);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(spec.get(i)).as("request %d", i).containsExactly(alone.get(i));
        }
        assertThat(stats[0].kvBlocksUsed()).isZero();
        // Drafts were checked, some kept: the verification path really ran.
        assertThat(stats[0].draftTokens()).isGreaterThan(0);
        assertThat(stats[0].acceptedDraftTokens()).isGreaterThan(0).isLessThanOrEqualTo(stats[0].draftTokens());
        return stats[0];
    }

    @Test
    void greedy_output_is_identical_with_and_without_speculation_alone() {
        EngineStats s = assertSameTokens(List.of(repeatPrompt(1)), List.of(greedy(96)), options(1, 4096, 512));
        System.out.printf("alone, greedy: %d draft tokens, %d accepted%n", s.draftTokens(), s.acceptedDraftTokens());
    }

    @Test
    void greedy_and_sampled_output_is_identical_in_a_batch_of_8() {
        List<int[]> prompts = new ArrayList<>();
        List<GenerationSettings> settings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            prompts.add(repeatPrompt(i));
            settings.add(i % 2 == 0 ? greedy(48 + i) : sampled(1000 + i, 48 + i, i % 4 == 1 ? -2.0 : 0.0));
        }
        EngineStats s = assertSameTokens(prompts, settings, options(8, 8192, 512));
        System.out.printf("batch of 8: %d draft tokens, %d accepted%n", s.draftTokens(), s.acceptedDraftTokens());
    }

    @Test
    void a_tight_step_budget_and_preemption_change_nothing() {
        List<int[]> prompts = new ArrayList<>();
        List<GenerationSettings> settings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            prompts.add(repeatPrompt(10 + i));
            settings.add(i % 2 == 0 ? greedy(40) : sampled(7 + i, 40, -2.0));
        }
        // 12 tokens a step for 4 sequences: drafts get what decoding leaves; 160 positions of KV: preemptions.
        assertSameTokens(prompts, settings, options(4, 160, 12));
    }

    @Test
    void a_seeded_sampled_request_repeats_itself_and_matches_decoding_without_speculation() {
        int[] prompt = repeatPrompt(3);
        EngineStats[] stats = new EngineStats[1];
        for (long seed = 1; seed <= 6; seed++) {
            GenerationSettings plain = sampled(seed, 64, -2.0);
            int[] without = run(options(1, 4096, 512), List.of(prompt), List.of(plain), stats).get(0);
            int[] first = run(options(1, 4096, 512), List.of(prompt), List.of(plain.withSpeculative(NGRAM)), stats).get(0);
            int[] second = run(options(1, 4096, 512), List.of(prompt), List.of(plain.withSpeculative(NGRAM)), stats).get(0);
            assertThat(first).as("seed %d", seed).containsExactly(second).containsExactly(without);
        }
    }

    /**
     * The first token of a speculating request is drawn while a draft of it is being checked (the prompt ends with
     * an n-gram it contains earlier, so the prompt's own step carries a draft). Over many seeds its frequencies must
     * match the model's distribution at that position (Pearson's chi-square): accepting a draft token too often,
     * or resampling wrongly after a rejection, would shift them.
     */
    @Test
    void the_token_checked_against_a_draft_follows_the_model_distribution() {
        int[] prompt = promptDraftingItsLikelyNextToken();
        int[] draft = new int[1];
        assertThat(new NgramProposer(NGRAM).propose(prompt, prompt.length, 1, draft)).isEqualTo(1);
        // The hottest temperature at which the draft token still has about a third of the probability: a sharp test
        // of both accepting it (p of the draft) and of what is drawn instead (the rest, spread over many tokens).
        double temperature = 1;
        for (double t = 1; t <= 64; t *= 1.25) {
            if (distribution(prompt, t)[draft[0]] >= 0.3) temperature = t;
        }
        double[] p = distribution(prompt, temperature);

        int samples = 1200;
        List<int[]> prompts = new ArrayList<>();
        List<GenerationSettings> settings = new ArrayList<>();
        for (int seed = 0; seed < samples; seed++) {
            prompts.add(prompt);
            SamplingParams params = SamplingParams.of(SamplingOverrides.builder().temperature(temperature)
                    .seed((long) seed).build());
            settings.add(new GenerationSettings(params, 2, List.of(), true).withSpeculative(NGRAM));
        }
        EngineStats[] stats = new EngineStats[1];
        List<int[]> out = run(options(8, 8192, 512), prompts, settings, stats);
        int[] counts = new int[p.length];
        for (int[] tokens : out) counts[tokens[0]]++;
        double chiSquare = chiSquareOverBins(counts, p, samples);
        System.out.printf("draft token %d: p %.3f, drawn %d / %d; chi-square %.2f; drafts %d, accepted %d%n",
                draft[0], p[draft[0]], counts[draft[0]], samples, chiSquare, stats[0].draftTokens(),
                stats[0].acceptedDraftTokens());
        assertThat(p[draft[0]]).as("the draft token must be neither certain nor hopeless").isBetween(0.1, 0.9);
        // Each draft is accepted exactly when the drawn token is the draft token.
        assertThat(stats[0].acceptedDraftTokens()).isGreaterThanOrEqualTo(counts[draft[0]]);
        // Bins hold at least 5 expected draws; the 0.999 quantile of chi-square with up to 20 degrees of freedom is 45.3.
        assertThat(chiSquare).isLessThan(45.3);
    }

    /**
     * A prompt whose lookup draft is the model's most likely next token: {@code ... a b X ... a b} drafts X, and X is
     * replaced by the argmax after the prompt until they agree (X sits far from the end, so it barely moves the
     * argmax and this settles in a step or two).
     */
    private static int[] promptDraftingItsLikelyNextToken() {
        int[] head = model.tokenizer().encodeWithBos("<｜User｜>Repeat this paragraph: the lazy");
        int[] middle = model.tokenizer().encode("runs back home at night.<｜Assistant｜>The lazy", true);
        int[] ab = model.tokenizer().encode(" brown fox", true);
        int x = ab[0];
        for (int attempt = 0; attempt < 8; attempt++) {
            int[] prompt = concat(head, ab, new int[] {x}, middle, ab);
            double[] p = distribution(prompt, 1);
            int best = 0;
            for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
            if (best == x) return prompt;
            x = best;
        }
        throw new AssertionError("no prompt found whose draft is the model's argmax");
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] part : parts) n += part.length;
        int[] out = new int[n];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Softmax of the model's logits at the prompt's last position, at {@code temperature}. */
    private static double[] distribution(int[] prompt, double temperature) {
        try (ComputePool pool = new ComputePool(1)) {
            Qwen2Model qwen2 = new Qwen2Model(model.config(), model.weights(), pool);
            KvBlockPool blocks = new KvBlockPool(16, model.config().layers(), model.config().kvDim(), 64);
            try (SequenceKv kv = new SequenceKv(blocks)) {
                assertThat(kv.ensureCapacity(prompt.length)).isTrue();
                float[] logits = qwen2.forward(ForwardBatch.prefill(kv, prompt, 0));
                int vocab = model.config().vocabSize();
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < vocab; i++) max = Math.max(max, logits[i] / temperature);
                double[] p = new double[vocab];
                double total = 0;
                for (int i = 0; i < vocab; i++) total += p[i] = Math.exp(logits[i] / temperature - max);
                for (int i = 0; i < vocab; i++) p[i] /= total;
                return p;
            }
        }
    }

    /** Pearson's statistic over the tokens expecting at least 5 draws each, the rest pooled in one bin. */
    private static double chiSquareOverBins(int[] counts, double[] p, int n) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double chi = 0, restExpected = 0, restObserved = 0;
        int bins = 0;
        for (int id : order) {
            double expected = p[id] * n;
            if (expected >= 5 && bins < 20) {
                chi += (counts[id] - expected) * (counts[id] - expected) / expected;
                bins++;
            } else {
                restExpected += expected;
                restObserved += counts[id];
            }
        }
        if (restExpected > 0) chi += (restObserved - restExpected) * (restObserved - restExpected) / restExpected;
        return chi;
    }
}
