package r1j.engine.tokenizer;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How normalized text is cut into words before BPE: a split regex with Hugging Face's "Isolated" behaviour (each
 * match is a word, and so is any text between matches).
 *
 * <p>The patterns are kept exactly as {@code tokenizer.json} writes them (Oniguruma syntax). Java reads the same
 * text with one flag, {@link Pattern#UNICODE_CHARACTER_CLASS}: without it Java's {@code \s} is ASCII-only, while
 * Oniguruma's {@code \s} is Unicode White_Space (so U+00A0 and U+3000 are spaces; U+200B is not), and
 * {@code (?i:'s|...)} folds case by Unicode rules in both. {@code \p{L}}, {@code \p{N}}, the lookahead in
 * {@code \s+(?!\S)} and leftmost-first alternation mean the same in both backtracking engines.
 */
public enum PreTokenizer {
    /** Qwen2 (also DeepSeek-R1-Distill-Qwen): digits one at a time, a letter run may take one leading symbol. */
    QWEN2("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            List.of("qwen2", "deepseek-r1-qwen")),
    /** GPT-2's own pattern: what a bare ByteLevel pre-tokenizer with {@code use_regex: true} applies. */
    GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            List.of("gpt-2", "gpt2"));

    /** The pattern as tokenizer.json writes it. */
    public final String huggingFaceRegex;
    /** Values of GGUF {@code tokenizer.ggml.pre} (llama.cpp's names) that mean this pattern. */
    public final List<String> ggufNames;

    private final Pattern pattern;

    PreTokenizer(String huggingFaceRegex, List<String> ggufNames) {
        this.huggingFaceRegex = huggingFaceRegex;
        this.ggufNames = ggufNames;
        this.pattern = Pattern.compile(huggingFaceRegex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    public static Optional<PreTokenizer> fromGgufName(String name) {
        for (PreTokenizer p : values()) {
            if (p.ggufNames.contains(name)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public static Optional<PreTokenizer> fromHuggingFaceRegex(String regex) {
        for (PreTokenizer p : values()) {
            if (p.huggingFaceRegex.equals(regex)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Passes each word of {@code text}, in order, to {@code word}; together they are exactly {@code text}. */
    public void split(String text, Consumer<String> word) {
        Matcher m = pattern.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() > end) word.accept(text.substring(end, m.start()));
            if (m.end() > m.start()) word.accept(text.substring(m.start(), m.end()));
            end = m.end();
        }
        if (end < text.length()) word.accept(text.substring(end));
    }
}
