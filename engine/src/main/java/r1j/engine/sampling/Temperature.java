package r1j.engine.sampling;

/** Divides the remaining logits by the temperature (> 0): below 1 sharpens the distribution, above 1 flattens it. */
final class Temperature implements SamplerStage {

    private final float temperature;

    Temperature(double temperature) {
        this.temperature = (float) temperature;
    }

    @Override
    public void apply(Candidates c) {
        if (temperature == 1) return;
        for (int i = 0; i < c.size; i++) c.logits[i] /= temperature;
    }
}
