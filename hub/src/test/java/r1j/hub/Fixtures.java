package r1j.hub;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared reference fixtures, found by walking up from the working directory to {@code shared/reference}. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path reference() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("shared/reference not found above " + Path.of("").toAbsolutePath());
    }

    public static Path tiny(String file) {
        return reference().resolve("tiny-qwen2").resolve(file);
    }
}
