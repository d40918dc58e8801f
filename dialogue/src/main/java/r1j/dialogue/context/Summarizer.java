package r1j.dialogue.context;

import java.util.List;
import java.util.Map;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.engine.generate.ChatPrompt;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.sampling.SamplingParams;

/**
 * Folds turns that leave the window into the running summary, written by the model. The previous summary and
 * the leaving turns (answers only, no reasoning) go in; the new summary covers everything up to {@code throughTurn}.
 */
public final class Summarizer {
    /** Longest summary in tokens: it rides in every later prompt, so it also stays under 1/8 of the context. */
    public static final int MAX_TOKENS = 160;

    private final DialogueModel model;

    public Summarizer(DialogueModel model) {
        this.model = model;
    }

    public String summarize(ConversationState state, int throughTurn, SamplingParams sampling) {
        StringBuilder b = new StringBuilder("Summarise this conversation in at most three sentences. Keep names, numbers, dates and decisions.\n\n");
        if (state.summary() != null) b.append("Earlier: ").append(state.summary().text()).append("\n\n");
        for (Message m : state.messages()) {
            int from = state.summary() == null ? 0 : state.summary().throughTurn();
            if (m.turn() <= from || m.turn() > throughTurn) continue;
            switch (m.role()) {
                case USER -> b.append("User: ").append(m.content()).append('\n');
                case ASSISTANT -> { if (m.complete()) b.append("Assistant: ").append(m.content()).append('\n'); }
                case TOOL_CALL -> b.append("Tool call ").append(m.toolName()).append(": ").append(m.content()).append('\n');
                case TOOL_RESULT -> b.append("Tool result: ").append(m.content()).append('\n');
            }
        }
        String prompt = ChatPrompt.render(model.model(), List.of(Map.of("role", "user", "content", b.toString())), null, true);
        boolean thinking = ReasoningSplitter.promptOpensReasoning(prompt);
        if (thinking) prompt = prompt + ReasoningSplitter.CLOSE + "\n\n";
        int[] ids = model.model().tokenizer().encodeWithBos(prompt);
        // Keep the prompt inside the window: cut the oldest text rather than fail (the summary is best effort).
        int budget = Math.max(16, Math.min(MAX_TOKENS, model.contextSize() / 8));
        int room = model.contextSize() - budget - 1;
        if (ids.length > room) {
            int[] tail = new int[Math.max(1, room)];
            System.arraycopy(ids, ids.length - tail.length, tail, 0, tail.length);
            ids = tail;
        }
        GenerationResult r = model.engine().submit(new GenerationRequest(ids,
                new GenerationSettings(sampling, budget, List.of(), false))).await((id, d) -> {});
        return r.text().strip();
    }
}
