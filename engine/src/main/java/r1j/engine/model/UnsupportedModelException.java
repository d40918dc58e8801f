package r1j.engine.model;

/** The file is readable but describes a model r1j cannot run (architecture, shapes, missing parts). */
public class UnsupportedModelException extends RuntimeException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
