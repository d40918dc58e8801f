package r1j.engine.synth;

/**
 * One tensor to synthesize.
 *
 * @param shape ggml order: {@code shape[0]} is the row length
 */
public record TensorSpec(String name, long[] shape, Init init) {

    /** How the random values are drawn: speed does not depend on them, but they should look like a model's. */
    public enum Init {
        /** Normal, standard deviation 0.02 (the usual initializer). */
        MATRIX(0f, 0.02f),
        /** Embedding rows: a little larger, so the first RMSNorm sees unit-scale input either way. */
        EMBEDDING(0f, 0.05f),
        /** RMSNorm gains around 1. */
        NORM(1f, 0.05f),
        /** Small biases. */
        BIAS(0f, 0.02f);

        public final float mean;
        public final float std;

        Init(float mean, float std) {
            this.mean = mean;
            this.std = std;
        }
    }

    public int rowLength() {
        return Math.toIntExact(shape[0]);
    }

    public int rows() {
        long rows = 1;
        for (int i = 1; i < shape.length; i++) rows *= shape[i];
        return Math.toIntExact(rows);
    }
}
