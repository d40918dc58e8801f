package r1j.engine.sampling;

/**
 * Drops candidates whose probability is below {@code minP} times the best one's. In logits that is
 * {@code logit < max + ln(minP)}, so no softmax is needed. Order is kept; the best candidate always stays.
 */
final class MinP implements SamplerStage {

    private final float logMinP;

    MinP(double minP) {
        this.logMinP = (float) Math.log(minP);
    }

    @Override
    public void apply(Candidates c) {
        if (c.size <= 1) return;
        float threshold = c.maxLogit() + logMinP;
        int kept = 0;
        for (int i = 0; i < c.size; i++) {
            if (c.logits[i] >= threshold) {
                if (kept != i) c.copy(i, kept);
                kept++;
            }
        }
        c.size = kept;
    }
}
