package r1j.engine.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that cannot be read as one: the message names the file and what is wrong with it. */
public final class SafetensorsFormatException extends IOException {

    public SafetensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public SafetensorsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
