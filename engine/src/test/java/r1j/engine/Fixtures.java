package r1j.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared reference fixtures ({@code ../shared/reference} beside the repository) by path.
 * Override with {@code -Dr1j.reference=DIR}. Fixtures are never copied into the repository.
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
