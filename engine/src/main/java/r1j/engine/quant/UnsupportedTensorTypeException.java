package r1j.engine.quant;

/** A tensor stored in a ggml type r1j has no {@link QuantFormat} for (e.g. IQ2_XXS). */
public class UnsupportedTensorTypeException extends RuntimeException {

    public UnsupportedTensorTypeException(String message) {
        super(message);
    }
}
