package r1j.server.protocol;

import java.util.List;

/**
 * {@code POST /tokenize} (vLLM's shape): either {@code prompt} (raw text) or {@code messages} (rendered with the
 * chat template first).
 */
public record TokenizeRequest(
        String model,
        String prompt,
        List<ChatMessage> messages,
        Boolean addSpecialTokens,
        Boolean addGenerationPrompt,
        Boolean returnTokenStrs,
        /** r1j: as in chat requests, overrides the server's system-prompt policy. */
        Boolean foldSystemPrompt) {}
