package r1j.dialogue.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.engine.generate.ChatPrompt;
import r1j.engine.model.LoadedModel;

/**
 * Builds the reply prompt from a conversation's state so that prompt plus reply budget fit the context.
 *
 * <ul>
 *   <li>History goes in whole user turns, oldest dropped first, so the window always starts on a user turn and a
 *       tool result never loses its call. Turns a summary covers are left out (the summary stands for them).</li>
 *   <li>The system text goes in front of the first kept user message (R1 has no system role).</li>
 *   <li>The state block goes in front of the newest user message. Not the first: the first message's text would
 *       then change every turn and the engine could reuse no cached prefix; at the end only the last turn is new.</li>
 *   <li>Assistant messages carry their answer only: reasoning is never sent back, and replies cut short are left
 *       out.</li>
 * </ul>
 * Token counts come from the model's tokenizer on the rendered template, so the limit is exact.
 */
public final class ContextWindow {
    private final LoadedModel model;
    private final int contextSize;

    public ContextWindow(LoadedModel model, int contextSize) {
        this.model = model;
        this.contextSize = contextSize;
    }

    /** The prompt that keeps the most recent turns; overflow of the newest turn alone is an error. */
    public PromptPlan build(Domain domain, ConversationState state, String system, int replyBudget) {
        return build(domain, state, system, replyBudget, ToolOffer.NONE);
    }

    /**
     * As {@link #build(Domain, ConversationState, String, int)}, offering {@code tools}: given to the template as its
     * {@code tools} variable, or, when the template ignores them (R1's does), as instructions in front of the first
     * kept user message, like the system text. Either way they are counted against the window.
     */
    public PromptPlan build(Domain domain, ConversationState state, String system, int replyBudget, ToolOffer tools) {
        TreeMap<Integer, List<Message>> turns = turns(state);
        if (turns.isEmpty()) throw new IllegalArgumentException("conversation " + state.conversationId() + " has no user message");
        String block = StateBlock.render(domain, state);
        List<Integer> order = new ArrayList<>(turns.keySet());
        int covered = state.summary() == null ? 0 : state.summary().throughTurn();
        for (int from = 0; from < order.size(); from++) {
            if (order.get(from) <= covered && from < order.size() - 1) continue;
            List<Map<String, Object>> messages = messages(turns.tailMap(order.get(from), true), system, block);
            String text = ChatPrompt.render(model, messages, null, true);
            if (!tools.isEmpty()) {
                String withTools = ChatPrompt.render(model, messages, tools.templateTools(), true);
                if (withTools.equals(text)) {
                    messages = messages(turns.tailMap(order.get(from), true), joined(tools.instructions(), system), block);
                    text = ChatPrompt.render(model, messages, null, true);
                } else {
                    text = withTools;
                }
            }
            int[] tokens = model.tokenizer().encodeWithBos(text);
            if (tokens.length + replyBudget <= contextSize) {
                return new PromptPlan(messages, text, tokens, order.get(from), order.get(from) - 1, block);
            }
            if (from == order.size() - 1) {
                throw new ContextOverflowException("the newest message needs " + tokens.length + " prompt tokens plus "
                        + replyBudget + " for the reply; the context window holds " + contextSize);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** The turns, oldest first, each with its messages in order. */
    static TreeMap<Integer, List<Message>> turns(ConversationState state) {
        TreeMap<Integer, List<Message>> turns = new TreeMap<>();
        for (Message m : state.messages()) {
            if (m.turn() == 0) continue;
            turns.computeIfAbsent(m.turn(), t -> new ArrayList<>()).add(m);
        }
        return turns;
    }

    private static String joined(String first, String second) {
        return second == null || second.isBlank() ? first : first + "\n\n" + second;
    }

    private static List<Map<String, Object>> messages(Map<Integer, List<Message>> kept, String system, String block) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (system != null && !system.isBlank()) out.add(message("system", system));
        int lastUser = -1;
        for (List<Message> turn : kept.values()) {
            Map<String, Object> pendingCalls = null;
            for (Message m : turn) {
                switch (m.role()) {
                    case USER -> {
                        pendingCalls = null;
                        lastUser = out.size();
                        out.add(message("user", m.content()));
                    }
                    case ASSISTANT -> {
                        pendingCalls = null;
                        if (m.complete()) out.add(message("assistant", m.content()));
                    }
                    case TOOL_CALL -> {
                        if (pendingCalls == null) {
                            // The tool loop stores the turn that made the calls as an answer (often empty) and then
                            // its calls: an empty one folds into the calls' message. Its content is none, since
                            // templates (R1's) write an assistant turn's calls only then.
                            Map<String, Object> previous = out.isEmpty() ? null : out.getLast();
                            if (previous != null && "assistant".equals(previous.get("role"))
                                    && !previous.containsKey("tool_calls")
                                    && (previous.get("content") == null || previous.get("content").toString().isBlank())) {
                                out.removeLast();
                            }
                            pendingCalls = message("assistant", null);
                            pendingCalls.put("tool_calls", new ArrayList<Map<String, Object>>());
                            out.add(pendingCalls);
                        }
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> calls = (List<Map<String, Object>>) pendingCalls.get("tool_calls");
                        Map<String, Object> fn = new LinkedHashMap<>();
                        fn.put("name", m.toolName());
                        fn.put("arguments", m.content());
                        Map<String, Object> call = new LinkedHashMap<>();
                        call.put("id", m.toolCallId());
                        call.put("type", "function");
                        call.put("function", fn);
                        calls.add(call);
                    }
                    case TOOL_RESULT -> {
                        pendingCalls = null;
                        Map<String, Object> r = message("tool", m.content());
                        r.put("tool_call_id", m.toolCallId());
                        if (m.toolName() != null) r.put("name", m.toolName());
                        out.add(r);
                    }
                }
            }
        }
        if (!block.isEmpty() && lastUser >= 0) {
            Map<String, Object> last = out.get(lastUser);
            last.put("content", block + "\n\n" + last.get("content"));
        }
        return ChatPrompt.foldSystemIntoFirstUser(out);
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}
