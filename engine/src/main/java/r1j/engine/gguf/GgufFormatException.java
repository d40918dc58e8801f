package r1j.engine.gguf;

import java.io.IOException;

/** A file that is not a GGUF file r1j can read; the message names the file and what is wrong with it. */
public class GgufFormatException extends IOException {

    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
