package r1j.engine.model;

import java.io.IOException;
import java.nio.file.Path;

/** A Hugging Face model directory that cannot be loaded: the message names the file and what is wrong. */
public final class HfCheckpointException extends IOException {

    public HfCheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public HfCheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
