package r1j.server.generation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.engine.generate.TokenLogprobs;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.protocol.ChatLogprobs;
import r1j.server.protocol.CompletionLogprobs;

/**
 * Engine log-probabilities in OpenAI's two shapes. A token's text is its decoded text; a token that holds only part
 * of a UTF-8 character shows U+FFFD there (its {@code bytes} are those of that text).
 */
public final class LogprobsJson {
    private LogprobsJson() {}

    public static ChatLogprobs.Entry chatEntry(BpeTokenizer tokenizer, TokenLogprobs lp) {
        List<ChatLogprobs.Top> top = new ArrayList<>(lp.topTokens().length);
        for (int i = 0; i < lp.topTokens().length; i++) {
            String t = tokenizer.tokenText(lp.topTokens()[i]);
            top.add(new ChatLogprobs.Top(t, lp.topLogprobs()[i], bytes(t)));
        }
        String text = tokenizer.tokenText(lp.token());
        return new ChatLogprobs.Entry(text, lp.logprob(), bytes(text), top);
    }

    /** @param offset where the first token's text starts in the completion's text */
    public static CompletionLogprobs completion(BpeTokenizer tokenizer, List<TokenLogprobs> tokens, int offset) {
        List<String> texts = new ArrayList<>();
        List<Double> logprobs = new ArrayList<>();
        List<Map<String, Double>> tops = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int at = offset;
        for (TokenLogprobs lp : tokens) {
            String text = tokenizer.tokenText(lp.token());
            texts.add(text);
            logprobs.add((double) lp.logprob());
            Map<String, Double> top = new LinkedHashMap<>();
            for (int i = 0; i < lp.topTokens().length; i++) {
                top.putIfAbsent(tokenizer.tokenText(lp.topTokens()[i]), (double) lp.topLogprobs()[i]);
            }
            tops.add(top);
            offsets.add(at);
            at += text.length();
        }
        return new CompletionLogprobs(texts, logprobs, tops, offsets);
    }

    private static int[] bytes(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xff;
        return out;
    }
}
