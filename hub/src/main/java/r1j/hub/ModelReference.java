package r1j.hub;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model on the hub as users write it: {@code ORG/NAME} (the repository's safetensors model, or its default GGUF
 * quant when it holds only GGUF files), {@code ORG/NAME:QUANT} (the GGUF file with that quant tag, e.g. Q8_0,
 * case-insensitive) or {@code ORG/NAME:FILE.gguf} (that file). The same syntax as llama.cpp's {@code -hf}.
 */
public record ModelReference(String repo, Optional<String> tag) {
    /** As llama.cpp checks repo ids: letters, digits and '_', with '/', '.', '-' only between them, one '/'. */
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*/[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.+-]+");

    public ModelReference {
        if (!REPO.matcher(repo).matches() || repo.length() > 200) {
            throw new IllegalArgumentException("not a hub repository id (ORG/NAME): " + repo);
        }
        tag.ifPresent(t -> {
            if (!TAG.matcher(t).matches()) throw new IllegalArgumentException("bad quant tag or file name: " + t);
        });
    }

    /** Names that read as a local file someone mistyped, never as a repository. */
    private static final Pattern FILE_NAME = Pattern.compile("(?i).*\\.(gguf|safetensors|json|bin)");

    /** The reference written in {@code text}, or empty when it is not of the form ORG/NAME[:TAG]. */
    public static Optional<ModelReference> parse(String text) {
        int colon = text.indexOf(':');
        String repo = colon < 0 ? text : text.substring(0, colon);
        String tag = colon < 0 ? null : text.substring(colon + 1);
        if (!REPO.matcher(repo).matches() || FILE_NAME.matcher(repo).matches()
                || (tag != null && !TAG.matcher(tag).matches())) {
            return Optional.empty();
        }
        return Optional.of(new ModelReference(repo, Optional.ofNullable(tag)));
    }

    /** The tag names a file ({@code :FILE.gguf}) rather than a quant type. */
    public boolean namesFile() {
        return tag.map(t -> t.toLowerCase(Locale.ROOT).endsWith(".gguf")).orElse(false);
    }

    @Override
    public String toString() {
        return tag.map(t -> repo + ":" + t).orElse(repo);
    }
}
