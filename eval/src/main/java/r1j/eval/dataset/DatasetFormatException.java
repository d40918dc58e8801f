package r1j.eval.dataset;

/** A dataset that cannot be read as asked: a malformed line under the strict policy, no questions, a bad spec. */
public final class DatasetFormatException extends RuntimeException {
    public DatasetFormatException(String message) {
        super(message);
    }
}
