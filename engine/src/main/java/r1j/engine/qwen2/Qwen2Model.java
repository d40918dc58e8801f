package r1j.engine.qwen2;

import java.util.Arrays;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kernels.VectorMath;
import r1j.engine.kernels.WeightMatrix;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LayerWeights;
import r1j.engine.model.ModelConfig;
import r1j.engine.model.Qwen2Weights;

/**
 * The Qwen2 forward pass (llama.cpp {@code src/models/qwen2.cpp}): embedding, then per layer RMSNorm -> Q/K/V with
 * bias -> NEOX RoPE -> grouped-query causal attention over the KV cache -> output projection -> residual ->
 * RMSNorm -> SwiGLU MLP -> residual; final RMSNorm and the output head.
 *
 * <p>Activations and the KV cache are float32. All tokens of a batch go through each matrix together (prefill is
 * matrix-matrix work). Scratch buffers grow to the largest batch seen and are reused. One thread drives a model
 * instance at a time; the {@link ComputePool} spreads each step over the cores.
 */
public final class Qwen2Model {
    private final ModelConfig config;
    private final Qwen2Weights weights;
    private final ComputePool pool;
    private final double[] inverseFrequencies;
    private final float attentionScale;
    private static final float[] NO_LOGITS = new float[0];
    private Scratch scratch = new Scratch(0, null);
    private float[] logits = NO_LOGITS;
    private final ThreadLocal<float[]> scoreScratch = ThreadLocal.withInitial(() -> new float[256]);

    public Qwen2Model(ModelConfig config, Qwen2Weights weights, ComputePool pool) {
        this.config = config;
        this.weights = weights;
        this.pool = pool;
        int half = config.headDim() / 2;
        this.inverseFrequencies = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequencies[i] = Math.pow(config.ropeTheta(), -2.0 * i / config.headDim());
        }
        this.attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    public ModelConfig config() {
        return config;
    }

    public ComputePool pool() {
        return pool;
    }

    /**
     * Runs the batch, stores its keys and values in the caches, and returns the logits of {@code batch.logitRows()}
     * packed as {@code [logitRows.length][vocab]} at the start of the returned array. The array is this model's
     * scratch (no 600 KB of garbage per token): it is valid until the next call, and may be longer than needed.
     */
    public float[] forward(ForwardBatch batch) {
        ModelConfig c = config;
        int n = batch.size();
        Scratch s = scratchFor(n);
        int hidden = c.hiddenSize();
        int qDim = c.heads() * c.headDim();
        int kvDim = c.kvDim();
        int ff = c.intermediateSize();
        for (int i = 0; i < n; i++) {
            SequenceKv kv = batch.caches()[i];
            int pos = batch.positions()[i];
            if (pos >= kv.blockCount() * kv.pool().blockTokens()) {
                throw new IllegalStateException("KV cache has no room for position " + pos);
            }
            int token = batch.tokens()[i];
            if (token < 0 || token >= c.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " outside vocabulary of " + c.vocabSize());
            }
            weights.tokenEmbedding().dequantizeRow(token, s.x, i * hidden);
        }
        computeRotations(batch, s);

        for (int layer = 0; layer < c.layers(); layer++) {
            LayerWeights w = weights.layers()[layer];
            // --- attention block ---
            normRows(s, w.attnNorm(), n);
            WeightMatrix.matmulSameInput(pool, s.xn, n, new WeightMatrix[] {w.wq(), w.wk(), w.wv()},
                    new float[][] {s.q, s.k, s.v});
            addBias(w.bq(), s.q, n);
            addBias(w.bk(), s.k, n);
            addBias(w.bv(), s.v, n);
            rotate(s.q, c.heads(), n, s);
            rotate(s.k, c.kvHeads(), n, s);
            storeKv(batch, layer, s, kvDim);
            attend(batch, layer, s, qDim);
            w.wo().matmul(pool, s.att, s.tmp, n);
            VectorMath.add(s.x, s.tmp, 0, n * hidden);
            // --- feed-forward block ---
            normRows(s, w.ffnNorm(), n);
            WeightMatrix.matmulSameInput(pool, s.xn, n, new WeightMatrix[] {w.gate(), w.up()},
                    new float[][] {s.gate, s.up});
            // Element by element, so splitting it over the threads changes no bits. One exp per value: about 8% of
            // a 512-token prompt's samples under JFR with native matmuls (pp512 moved within noise, 79.4 -> 80.0).
            pool.parallelFor(n * ff, SWIGLU_CHUNK, (from, to) -> VectorMath.swiglu(s.gate, s.up, from, to - from));
            w.down().matmul(pool, s.gate, s.tmp, n);
            VectorMath.add(s.x, s.tmp, 0, n * hidden);
        }

        for (int i = 0; i < n; i++) {
            SequenceKv kv = batch.caches()[i];
            kv.setLength(Math.max(kv.length(), batch.positions()[i] + 1));
        }
        // --- output head, only for the rows that want logits ---
        int[] rows = batch.logitRows();
        if (rows.length == 0) return NO_LOGITS;
        // The residual rows are done with: normalise the wanted ones into xn, packed, for the output head.
        for (int j = 0; j < rows.length; j++) {
            VectorMath.rmsNorm(s.x, rows[j] * hidden, weights.outputNorm(), c.rmsNormEps(), s.xn, j * hidden, hidden);
        }
        if (logits.length < rows.length * c.vocabSize()) logits = new float[rows.length * c.vocabSize()];
        weights.output().matmul(pool, s.xn, logits, rows.length);
        return logits;
    }

    /** Values per chunk of the parallel SwiGLU: enough work to pay for a chunk claim. */
    private static final int SWIGLU_CHUNK = 4096;

    /** xn = rmsNorm(x) row by row, rows split over the threads (each row computed as alone: batch-invariant). */
    private void normRows(Scratch s, float[] weight, int n) {
        int hidden = config.hiddenSize();
        float eps = config.rmsNormEps();
        pool.parallelFor(n, 4, (from, to) -> {
            for (int i = from; i < to; i++) VectorMath.rmsNorm(s.x, i * hidden, weight, eps, s.xn, i * hidden, hidden);
        });
    }

    /** out[i][j] += bias[j] for each of the n rows of out. */
    private static void addBias(float[] bias, float[] out, int n) {
        int d = bias.length;
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) out[off + j] += bias[j];
        }
    }

    /** cos/sin of every (token, frequency) pair, computed once per forward pass in double precision. */
    private void computeRotations(ForwardBatch batch, Scratch s) {
        int half = config.headDim() / 2;
        for (int i = 0; i < batch.size(); i++) {
            int pos = batch.positions()[i];
            for (int f = 0; f < half; f++) {
                double angle = pos * inverseFrequencies[f];
                s.cos[i * half + f] = (float) Math.cos(angle);
                s.sin[i * half + f] = (float) Math.sin(angle);
            }
        }
    }

    /** NEOX-style RoPE: element f of a head rotates with element f + headDim/2. */
    private void rotate(float[] v, int heads, int n, Scratch s) {
        int hd = config.headDim();
        int half = hd / 2;
        int width = heads * hd;
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < heads; h++) {
                int base = i * width + h * hd;
                for (int f = 0; f < half; f++) {
                    float cos = s.cos[i * half + f];
                    float sin = s.sin[i * half + f];
                    float a = v[base + f];
                    float b = v[base + f + half];
                    v[base + f] = a * cos - b * sin;
                    v[base + f + half] = a * sin + b * cos;
                }
            }
        }
    }

    private void storeKv(ForwardBatch batch, int layer, Scratch s, int kvDim) {
        for (int i = 0; i < batch.size(); i++) {
            SequenceKv kv = batch.caches()[i];
            int pos = batch.positions()[i];
            float[] block = kv.blockFor(pos);
            System.arraycopy(s.k, i * kvDim, block, kv.keyOffset(layer, pos), kvDim);
            System.arraycopy(s.v, i * kvDim, block, kv.valueOffset(layer, pos), kvDim);
        }
    }

    /**
     * Causal attention: each (token, head) attends to positions 0..pos of its own sequence.
     *
     * <p>A job is one token's query heads that share a KV head, so each block of keys and values is read from memory
     * once for all of them and then from L1 (with one head per job, a 512-token prompt streamed the whole cache through
     * L2 once per head: attention was 12% of its time). When that leaves too few jobs for the threads (a decode step)
     * a job is one head. Each head's arithmetic is the same either way. Jobs run from the last token back: later
     * tokens attend over more positions, and starting with the longest leaves the short ones to even out the threads.
     */
    private void attend(ForwardBatch batch, int layer, Scratch s, int qDim) {
        int heads = config.heads();
        int group = config.groupSize();
        int headsPerJob = batch.size() * config.kvHeads() >= pool.threads() * 8 ? group : 1;
        int jobsPerToken = heads / headsPerJob;
        int n = batch.size();
        pool.parallelFor(n * jobsPerToken, 1, (from, to) -> {
            for (int job = from; job < to; job++) {
                int i = n - 1 - job / jobsPerToken;
                attendHeads(batch, layer, s, qDim, i, (job % jobsPerToken) * headsPerJob, headsPerJob);
            }
        });
    }

    /** Attention of token i's heads {@code [h0, h0 + count)}, which share one KV head. */
    private void attendHeads(ForwardBatch batch, int layer, Scratch s, int qDim, int i, int h0, int count) {
        int hd = config.headDim();
        SequenceKv kv = batch.caches()[i];
        int pos = batch.positions()[i];
        int kvHeadOffset = (h0 / config.groupSize()) * hd;
        int span = pos + 1;
        float[] scores = scoreScratch.get();
        if (scores.length < count * span) {
            scores = new float[Math.max(count * span, scores.length * 2)];
            scoreScratch.set(scores);
        }
        // Block by block: within a KV block the positions of a layer are kvDim floats apart.
        int blockTokens = kv.pool().blockTokens(), stride = kv.pool().kvDim();
        for (int t = 0; t < span; ) {
            int len = Math.min(blockTokens - t % blockTokens, span - t);
            float[] block = kv.blockFor(t);
            int keys = kv.keyOffset(layer, t) + kvHeadOffset;
            int h = 0;
            for (; h + 2 <= count; h += 2) {
                int q = i * qDim + (h0 + h) * hd;
                VectorMath.dotsPair(s.q, q, q + hd, block, keys, stride, len, hd, scores, h * span + t, (h + 1) * span + t);
            }
            if (h < count) VectorMath.dots(s.q, i * qDim + (h0 + h) * hd, block, keys, stride, len, hd, scores, h * span + t);
            t += len;
        }
        for (int h = 0; h < count; h++) {
            for (int t = 0; t < span; t++) scores[h * span + t] *= attentionScale;
            VectorMath.softmax(scores, h * span, span);
        }
        int outOff = i * qDim + h0 * hd;
        Arrays.fill(s.att, outOff, outOff + count * hd, 0f);
        for (int t = 0; t < span; ) {
            int len = Math.min(blockTokens - t % blockTokens, span - t);
            float[] block = kv.blockFor(t);
            int values = kv.valueOffset(layer, t) + kvHeadOffset;
            for (int h = 0; h < count; h++) {
                VectorMath.accumulate(scores, h * span + t, len, block, values, stride, hd, s.att, outOff + h * hd);
            }
            t += len;
        }
    }

    private Scratch scratchFor(int n) {
        if (scratch.capacity < n) scratch = new Scratch(n, config);
        return scratch;
    }

    /** Activation buffers for a batch of up to {@code capacity} tokens, shapes in comments. */
    private static final class Scratch {
        final int capacity;
        final float[] x, xn;        // (n, hidden): residual stream, normed input
        final float[] q, att;       // (n, heads * headDim): queries, attention output
        final float[] k, v;         // (n, kvDim)
        final float[] tmp;          // (n, hidden): projection output before the residual add
        final float[] gate, up;     // (n, intermediate)
        final float[] cos, sin;     // (n, headDim / 2)

        Scratch(int n, ModelConfig c) {
            capacity = n;
            int hidden = c == null ? 0 : c.hiddenSize();
            int qDim = c == null ? 0 : c.heads() * c.headDim();
            int kvDim = c == null ? 0 : c.kvDim();
            int ff = c == null ? 0 : c.intermediateSize();
            int half = c == null ? 0 : c.headDim() / 2;
            x = new float[n * hidden];
            xn = new float[n * hidden];
            q = new float[n * qDim];
            att = new float[n * qDim];
            k = new float[n * kvDim];
            v = new float[n * kvDim];
            tmp = new float[n * hidden];
            gate = new float[n * ff];
            up = new float[n * ff];
            cos = new float[n * half];
            sin = new float[n * half];
        }
    }
}
