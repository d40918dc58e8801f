package r1j.engine.sampling;

/**
 * The tokens still in the running for one draw, as parallel arrays allocated once per {@link Sampler} at
 * vocabulary size (llama.cpp's {@code llama_token_data_array}). Stages shrink {@link #size} and may reorder.
 *
 * <p>Order, where it matters, is "better first": higher logit, and on an exact tie the lower id, so every stage
 * breaks ties the way greedy decoding does.
 */
final class Candidates {

    final int[] ids;
    final float[] logits;
    /** Scratch per candidate for stages that need probabilities (kept in step with ids and logits on swaps). */
    final float[] weights;
    /** Scratch for {@link FastExp#expShifted}; not kept in step with the candidates. */
    private final int[] exponentScratch;
    int size;
    /** True when [0, size) is in "better first" order, which lets later stages stop early. */
    boolean sorted;

    Candidates(int capacity) {
        ids = new int[capacity];
        logits = new float[capacity];
        weights = new float[capacity];
        exponentScratch = new int[capacity];
    }

    int capacity() {
        return ids.length;
    }

    /**
     * The whole vocabulary in id order. Non-finite logits come only from a broken model; they are clamped so the
     * arithmetic stays defined: NaN becomes -inf (never drawn), +inf the largest float.
     */
    void fill(float[] source, int vocabSize) {
        for (int i = 0; i < vocabSize; i++) {
            float v = source[i];
            logits[i] = v != v ? Float.NEGATIVE_INFINITY : Math.min(v, Float.MAX_VALUE);
            ids[i] = i;
        }
        size = vocabSize;
        sorted = false;
    }

    float maxLogit() {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) max = Math.max(max, logits[i]);
        return max;
    }

    /**
     * Sets {@code weights[i] = e^(logits[i] - max)} (unnormalized softmax at temperature 1) for the candidates
     * and returns their sum. {@code max} must be the largest logit, so every exponent is <= 0.
     */
    double computeWeights(float max) {
        FastExp.expShifted(logits, max, weights, exponentScratch, size);
        // Four partial sums: one serial chain of double adds would cost more than the exponentials.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < size; i += 4) {
            s0 += weights[i];
            s1 += weights[i + 1];
            s2 += weights[i + 2];
            s3 += weights[i + 3];
        }
        for (; i < size; i++) s0 += weights[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Whether candidate {@code a} ranks before candidate {@code b}. */
    boolean better(int a, int b) {
        return ranksBefore(logits[a], ids[a], logits[b], ids[b]);
    }

    static boolean ranksBefore(float logitA, int idA, float logitB, int idB) {
        return logitA > logitB || (logitA == logitB && idA < idB);
    }

    void swap(int a, int b) {
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        float l = logits[a];
        logits[a] = logits[b];
        logits[b] = l;
        float w = weights[a];
        weights[a] = weights[b];
        weights[b] = w;
    }

    void copy(int from, int to) {
        ids[to] = ids[from];
        logits[to] = logits[from];
        weights[to] = weights[from];
    }

    /** Sorts [from, to) "better first" in place; heapsort, so no allocation and no worst case. */
    void sortRange(int from, int to) {
        int n = to - from;
        heapifyWorstFirst(from, n);
        for (int end = n - 1; end > 0; end--) {
            swap(from, from + end);
            siftDownWorstFirst(from, 0, end);
        }
    }

    /** Arranges [base, base+n) as a heap whose root is its worst candidate. */
    void heapifyWorstFirst(int base, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) siftDownWorstFirst(base, i, n);
    }

    /** Max-heap on "worse" (its root is the worst), so popping to the back leaves the range best-first. */
    void siftDownWorstFirst(int base, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) return;
            if (child + 1 < n && better(base + child, base + child + 1)) child++;
            if (!better(base + i, base + child)) return;
            swap(base + i, base + child);
            i = child;
        }
    }
}
