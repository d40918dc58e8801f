package r1j.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts text at added tokens, before normalization (all of Qwen2's added tokens are {@code normalized: false}).
 * Leftmost match wins, and the longest token at that position, as Hugging Face's Aho-Corasick split does.
 *
 * <p>Which tokens match depends on special parsing. With it on, every added token does. With it off, control
 * tokens ({@link TokenType#CONTROL}: BOS, EOS, {@code <|fim_prefix|>}, {@code <｜User｜>}) are ordinary text, so
 * user input cannot smuggle them in, while user-defined ones ({@code <think>}, {@code <tool_call>}) still match.
 * That is llama.cpp's rule and what the reference cases expect.
 */
final class AddedTokenMatcher {
    interface Sink {
        void text(String segment);

        void token(int id);
    }

    private record Candidate(String content, int id, boolean matchedWithoutSpecialParsing) {}

    private final Map<Character, Candidate[]> byFirstChar;

    AddedTokenMatcher(List<AddedToken> addedTokens, int[] tokenTypes) {
        Map<Character, List<Candidate>> groups = new HashMap<>();
        for (AddedToken t : addedTokens) {
            boolean always = tokenTypes[t.id()] == TokenType.USER_DEFINED.code;
            groups.computeIfAbsent(t.content().charAt(0), c -> new ArrayList<>())
                    .add(new Candidate(t.content(), t.id(), always));
        }
        byFirstChar = new HashMap<>();
        groups.forEach((c, list) -> {
            list.sort(Comparator.comparingInt((Candidate x) -> x.content().length()).reversed());
            byFirstChar.put(c, list.toArray(Candidate[]::new));
        });
    }

    void split(String text, boolean parseSpecial, Sink sink) {
        if (byFirstChar.isEmpty()) {
            if (!text.isEmpty()) sink.text(text);
            return;
        }
        int textStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            Candidate match = matchAt(text, i, parseSpecial);
            if (match == null) {
                i++;
                continue;
            }
            if (i > textStart) sink.text(text.substring(textStart, i));
            sink.token(match.id());
            i += match.content().length();
            textStart = i;
        }
        if (textStart < n) sink.text(text.substring(textStart));
    }

    private Candidate matchAt(String text, int i, boolean parseSpecial) {
        Candidate[] candidates = byFirstChar.get(text.charAt(i));
        if (candidates == null) return null;
        for (Candidate c : candidates) {
            if ((parseSpecial || c.matchedWithoutSpecialParsing()) && text.startsWith(c.content(), i)) return c;
        }
        return null;
    }
}
