package r1j.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared reference fixtures ({@code shared/reference} in a directory above the working directory) by
 * path, for the tests of every module. Override with {@code -Dr1j.reference=DIR}. Fixtures are never copied into
 * the repository.
 */
public final class Fixtures {
    private static final Path ROOT = locate();

    private Fixtures() {}

    public static Path root() {
        return ROOT;
    }

    public static Path resolve(String relative) {
        return ROOT.resolve(relative);
    }

    /** The tiny random-weight Qwen2 model with the real R1 tokenizer and template, in Q8_0. */
    public static Path tinyModel() {
        return resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf");
    }

    private static Path locate() {
        String override = System.getProperty("r1j.reference");
        if (override != null) return Path.of(override).toAbsolutePath();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path beside = dir.resolve("shared/reference");
            if (Files.isDirectory(beside)) return beside;
        }
        throw new IllegalStateException("shared/reference not found above " + Path.of("").toAbsolutePath()
                + "; set -Dr1j.reference=DIR");
    }
}
