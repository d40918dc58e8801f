package r1j.server.chat;

import java.util.Locale;
import r1j.server.http.ApiException;

/**
 * Where a chat answer's thinking goes, as llama.cpp's {@code --reasoning-format}: {@code deepseek} puts it in
 * {@code reasoning_content} (the default), {@code none} leaves it inline in {@code content}, tags and all, for
 * clients that read only {@code content}.
 */
public enum ReasoningFormat {
    DEEPSEEK, NONE;

    /** @throws IllegalArgumentException for anything but {@code deepseek} or {@code none} */
    public static ReasoningFormat parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "deepseek" -> DEEPSEEK;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("reasoning_format must be 'deepseek' or 'none', got '"
                    + value + "'");
        };
    }

    /** A request's {@code reasoning_format}, or {@code fallback} (the server's) when it gives none. */
    static ReasoningFormat of(String requested, ReasoningFormat fallback) {
        if (requested == null) return fallback;
        try {
            return parse(requested);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(e.getMessage(), "reasoning_format");
        }
    }
}
