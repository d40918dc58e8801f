package r1j.dialogue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared reference fixtures beside the repository (as the engine's tests do); -Dr1j.reference overrides. */
public final class TestFixtures {
    private TestFixtures() {}

    public static Path resolve(String relative) {
        String override = System.getProperty("r1j.reference");
        if (override != null) return Path.of(override).resolve(relative);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path beside = dir.resolve("shared/reference");
            if (Files.isDirectory(beside)) return beside.resolve(relative);
        }
        throw new IllegalStateException("shared/reference not found above " + Path.of("").toAbsolutePath());
    }

    public static Path tinyModel() {
        return resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf");
    }
}
