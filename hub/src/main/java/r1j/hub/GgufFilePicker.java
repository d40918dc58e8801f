package r1j.hub;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks one GGUF model file from a repository's file list the way llama.cpp's {@code -hf repo[:quant]} does
 * ({@code find_best_model} in its common/download.cpp):
 * <ul>
 *   <li>only model files count: names ending in {@code .gguf} that do not contain "mmproj", "imatrix", "mtp-",
 *       "eagle3-", "dflash-" or "dspark-" (projectors, importance matrices, draft heads);</li>
 *   <li>with a tag, the first file in listing order whose path contains the tag followed by '.' or '-',
 *       case-insensitive ({@code Q4_K_M} finds {@code Model-Q4_K_M.gguf} and {@code model.q4_k_m.gguf}, but
 *       {@code Q4_K} does not find {@code Q4_K_M});</li>
 *   <li>without a tag, {@code Q4_K_M}, then {@code Q8_0}, then the first model file at all;</li>
 *   <li>of a split model ({@code -00001-of-00003.gguf}) only the first part is a candidate.</li>
 * </ul>
 * A tag ending in {@code .gguf} names the file itself (compared case-insensitively, as llama.cpp's {@code -hff}).
 */
final class GgufFilePicker {
    static final List<String> DEFAULT_TAGS = List.of("Q4_K_M", "Q8_0");
    private static final List<String> NOT_MODELS = List.of("mmproj", "imatrix", "mtp-", "eagle3-", "dflash-", "dspark-");
    private static final Pattern SPLIT = Pattern.compile("(?i)^(.+)-(\\d{5})-of-(\\d{5})\\.gguf$");

    private GgufFilePicker() {
    }

    static boolean isModelFile(String path) {
        if (!path.endsWith(".gguf")) return false;
        String name = path.substring(path.lastIndexOf('/') + 1);
        return NOT_MODELS.stream().noneMatch(name::contains);
    }

    /** The chosen file, or empty when no file matches. */
    static Optional<String> pick(List<String> paths, Optional<String> tag) {
        if (tag.isPresent() && tag.get().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            return paths.stream().filter(p -> p.equalsIgnoreCase(tag.get())).findFirst();
        }
        for (String t : tag.map(List::of).orElse(DEFAULT_TAGS)) {
            Pattern pattern = Pattern.compile(Pattern.quote(t) + "[.-]", Pattern.CASE_INSENSITIVE);
            Optional<String> found = paths.stream()
                    .filter(p -> isModelFile(p) && isFirstPart(p) && pattern.matcher(p).find()).findFirst();
            if (found.isPresent()) return found;
        }
        return tag.isPresent() ? Optional.empty()
                : paths.stream().filter(p -> isModelFile(p) && isFirstPart(p)).findFirst();
    }

    /** How many parts the file is split into (1 when it is whole). */
    static int parts(String path) {
        Matcher m = SPLIT.matcher(path);
        return m.matches() ? Integer.parseInt(m.group(3)) : 1;
    }

    private static boolean isFirstPart(String path) {
        Matcher m = SPLIT.matcher(path);
        return !m.matches() || Integer.parseInt(m.group(2)) == 1;
    }
}
