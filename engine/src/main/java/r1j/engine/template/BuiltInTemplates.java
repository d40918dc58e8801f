package r1j.engine.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Chat templates r1j ships for model files that carry none ({@code --chat-template NAME}, as vLLM and llama.cpp
 * take it): {@code deepseek-r1}, the format the served model was trained on, and {@code chatml}.
 */
public final class BuiltInTemplates {
    public static final List<String> NAMES = List.of("deepseek-r1", "chatml");

    private BuiltInTemplates() {}

    /** The template source of a built-in name. */
    public static Optional<String> source(String name) {
        if (!NAMES.contains(name)) return Optional.empty();
        try (InputStream in = BuiltInTemplates.class.getResourceAsStream(name + ".jinja")) {
            if (in == null) throw new IllegalStateException("the built-in template " + name + " is missing from the jar");
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code --chat-template}'s value: a file's contents when a file of that name exists, else a built-in's.
     *
     * @throws IllegalArgumentException when it is neither, naming the built-ins
     */
    public static String resolve(String fileOrName) throws IOException {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) return Files.readString(file);
        return source(fileOrName).orElseThrow(() -> new IllegalArgumentException("--chat-template '" + fileOrName
                + "' is neither a file nor a built-in template (" + String.join(", ", NAMES) + ")"));
    }
}
