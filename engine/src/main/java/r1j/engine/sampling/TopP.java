package r1j.engine.sampling;

import java.util.Arrays;

/**
 * Nucleus filtering: keeps the smallest best-first prefix of candidates whose probability (softmax at temperature 1,
 * as llama.cpp computes it at this point of the chain) reaches p. At least one candidate always stays.
 *
 * <p>On sorted candidates (after top-k) this is a walk down the prefix. On the whole unsorted vocabulary it avoids
 * sorting 150k entries: candidates are bucketed by logit; buckets wholly above the cut are kept unsorted, those
 * below dropped, and only the bucket holding the cut is examined further, re-bucketed over its own narrower
 * range until it is small enough to sort (a weighted quickselect with 256-way splits, typically two passes).
 * Drawing does not need the kept set in order, only the cut must be exact.
 */
final class TopP implements SamplerStage {

    private static final int BUCKETS = 256;
    /** Below this many undecided candidates a sort is cheaper than another bucketing pass. */
    private static final int SORT_BELOW = 128;

    private final double p;
    private final double[] bucketMass = new double[BUCKETS];

    TopP(double p) {
        this.p = p;
    }

    @Override
    public void apply(Candidates c) {
        if (c.size <= 1) return;
        float max = c.maxLogit();
        if (max == Float.NEGATIVE_INFINITY) return; // nothing is possible; leave the choice to the draw
        double total = c.computeWeights(max);
        double target = p * total;
        c.size = c.sorted ? cutSorted(c, 0, c.size, 0, target) : cutUnsorted(c, target);
    }

    /** [from, to) is sorted; {@code keptMass} is already kept before it. Returns the new candidate count. */
    private static int cutSorted(Candidates c, int from, int to, double keptMass, double target) {
        for (int i = from; i < to; i++) {
            keptMass += c.weights[i];
            if (keptMass >= target) return i + 1;
        }
        return to; // only rounding can get here: keep everything
    }

    private int cutUnsorted(Candidates c, double target) {
        // Invariant: [0, lo) is kept, [hi, size) is dropped, [lo, hi) is undecided; keptMass is the mass of [0, lo).
        // -inf candidates weigh nothing and the best one is finite, so they can go at once (and keep ranges finite).
        int lo = 0;
        int hi = dropNegativeInfinity(c, 0, c.size);
        double keptMass = 0;
        while (true) {
            float top = Float.NEGATIVE_INFINITY;
            float bottom = Float.POSITIVE_INFINITY;
            for (int i = lo; i < hi; i++) {
                top = Math.max(top, c.logits[i]);
                bottom = Math.min(bottom, c.logits[i]);
            }
            // Few candidates left, or all of one logit value (which no split by value can separate): sort and walk.
            if (hi - lo <= SORT_BELOW || !(top > bottom)) {
                c.sortRange(lo, hi);
                return cutSorted(c, lo, hi, keptMass, target);
            }
            double scale = BUCKETS / ((double) top - bottom);
            Arrays.fill(bucketMass, 0);
            for (int i = lo; i < hi; i++) bucketMass[bucket(c.logits[i], top, scale)] += c.weights[i];
            int cut = BUCKETS - 1;
            for (int b = 0; b < BUCKETS; b++) {
                if (keptMass + bucketMass[b] >= target) {
                    cut = b;
                    break;
                }
                keptMass += bucketMass[b];
            }
            // Compact the candidates at or above the cut bucket to the front of the region (plain copies of the
            // few survivors rather than swaps of the whole vocabulary), then split those into kept | boundary.
            // The region's top and bottom land in buckets 0 and 255, so it shrinks on every pass.
            int end = lo;
            for (int i = lo; i < hi; i++) {
                if (bucket(c.logits[i], top, scale) <= cut) {
                    if (i != end) c.copy(i, end);
                    end++;
                }
            }
            int kept = lo;
            for (int i = lo; i < end; i++) {
                if (bucket(c.logits[i], top, scale) < cut) c.swap(i, kept++);
            }
            lo = kept;
            hi = end;
        }
    }

    /** Bucket 0 holds the best logits; computed identically in both passes so each candidate lands the same. */
    private static int bucket(float logit, float top, double scale) {
        return Math.min(BUCKETS - 1, (int) (((double) top - logit) * scale));
    }

    private static int dropNegativeInfinity(Candidates c, int lo, int hi) {
        int end = hi;
        for (int i = lo; i < end; ) {
            if (c.logits[i] == Float.NEGATIVE_INFINITY) c.swap(i, --end);
            else i++;
        }
        return end;
    }
}
