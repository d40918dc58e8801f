package r1j.engine.sampling;

/**
 * Keeps the k best candidates, sorted best first. A heap of k whose root is the worst kept candidate takes one
 * comparison per rejected token, so a small k costs one pass over the vocabulary, not a sort of it.
 */
final class TopK implements SamplerStage {

    private final int k;

    TopK(int k) {
        this.k = k;
    }

    @Override
    public void apply(Candidates c) {
        if (k >= c.size) return;
        if (!c.sorted) {
            c.heapifyWorstFirst(0, k);
            for (int i = k; i < c.size; i++) {
                if (c.better(i, 0)) {
                    c.swap(0, i);
                    c.siftDownWorstFirst(0, 0, k);
                }
            }
            c.sortRange(0, k);
            c.sorted = true;
        }
        c.size = k;
    }
}
