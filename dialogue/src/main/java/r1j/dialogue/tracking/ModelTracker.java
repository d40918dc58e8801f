package r1j.dialogue.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.IntentSpec;
import r1j.dialogue.domain.SlotSpec;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.dialogue.state.SlotValue;
import r1j.engine.constrain.JsonSchemaConstraint;
import r1j.engine.generate.ChatPrompt;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.sampling.SamplingParams;

/**
 * Asks the model itself for the intent and slots, with decoding constrained to the domain's {@link SlotSchema}:
 * whatever the model's quality, the answer parses and has the schema's shape. Values it gives are proposals
 * at {@link #CONFIDENCE} (constrained output carries no calibrated certainty); nulls mean "not said" and leave
 * the carried-over value alone. The prompt holds the domain, the state so far and the last few messages.
 *
 * <p>Cost per user turn: one prefill of this prompt (a few hundred tokens) plus one token per JSON character,
 * each with a grammar check over the vocabulary (see {@link JsonSchemaConstraint}).
 */
public final class ModelTracker {
    static final double CONFIDENCE = 0.6;
    /** Messages of history shown: enough for "yes, that one" to make sense, small enough to stay cheap. */
    static final int HISTORY_MESSAGES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Domain domain;
    private final DialogueModel model;
    private final ObjectNode schema;

    public ModelTracker(Domain domain, DialogueModel model) {
        this.domain = domain;
        this.model = model;
        this.schema = SlotSchema.of(domain);
    }

    /** The raw JSON the model wrote, and the proposal read from it. */
    public record Result(String json, Proposal proposal, GenerationResult generation) {}

    /** @param state the state before this turn; {@code userText} is the new message */
    public Result propose(ConversationState state, String userText, SamplingParams sampling) {
        JsonSchemaConstraint constraint = JsonSchemaConstraint.of(model.trie(), schema);
        String prompt = ChatPrompt.render(model.model(), List.of(Map.of("role", "user", "content", instructions(state, userText))),
                null, true);
        // Answer straight away: an R1 template leaves the model inside <think>, which JSON must not fill.
        if (ReasoningSplitter.promptOpensReasoning(prompt)) prompt = prompt + ReasoningSplitter.CLOSE + "\n\n";
        int[] ids = model.model().tokenizer().encodeWithBos(prompt);
        int room = model.contextSize() - ids.length - 1;
        if (room <= 0) return new Result("", Proposal.NONE, null);
        int maxTokens = (int) Math.min(room, constraint.maxLength());
        GenerationResult r = model.engine().submit(new GenerationRequest(ids,
                new GenerationSettings(sampling, maxTokens, List.of(), false).withConstraint(constraint))).await((id, d) -> {});
        if (!constraint.isComplete()) return new Result(r.text(), Proposal.NONE, r);
        try {
            return new Result(r.text(), read(JSON.readTree(r.text())), r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("constrained output did not parse (a constraint bug): " + r.text(), e);
        }
    }

    Proposal read(JsonNode doc) {
        Proposal.IntentGuess intent = null;
        JsonNode i = doc.get("intent");
        if (i != null && i.isTextual()) intent = new Proposal.IntentGuess(i.asText(), CONFIDENCE, ValueSource.MODEL);
        List<Proposal.SlotGuess> slots = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("intent") || e.getValue().isNull()) continue;
            slots.add(new Proposal.SlotGuess(e.getKey(), e.getValue(), CONFIDENCE, ValueSource.MODEL));
        }
        return new Proposal(intent, slots);
    }

    private String instructions(ConversationState state, String userText) {
        StringBuilder b = new StringBuilder();
        b.append("Read the conversation and write the user's intent and the slot values as JSON. ")
                .append("Use null for anything the user has not said.\n\nIntents:\n");
        for (IntentSpec i : domain.intents()) {
            b.append("- ").append(i.name());
            if (!i.description().isEmpty()) b.append(": ").append(i.description());
            if (!i.examples().isEmpty()) b.append(" (e.g. \"").append(i.examples().getFirst()).append("\")");
            b.append('\n');
        }
        b.append("\nSlots:\n");
        for (SlotSpec s : domain.slots()) {
            b.append("- ").append(s.name()).append(" (").append(s.type().yamlName());
            if (!s.values().isEmpty()) b.append(": ").append(String.join(", ", s.values()));
            b.append(')');
            if (!s.description().isEmpty()) b.append(": ").append(s.description());
            b.append('\n');
        }
        Map<String, Object> known = new LinkedHashMap<>();
        if (state.intent() != null) known.put("intent", state.intent().name());
        for (Map.Entry<String, SlotValue> e : state.slots().entrySet()) known.put(e.getKey(), e.getValue().value());
        b.append("\nKnown so far: ").append(JSON.valueToTree(known).toString()).append("\n\nConversation:\n");
        List<Message> history = state.messages().stream()
                .filter(m -> m.role() == Message.Role.USER || m.role() == Message.Role.ASSISTANT).toList();
        for (Message m : history.subList(Math.max(0, history.size() - HISTORY_MESSAGES), history.size())) {
            b.append(m.role() == Message.Role.USER ? "User: " : "Assistant: ").append(m.content()).append('\n');
        }
        b.append("User: ").append(userText).append("\n\nJSON:");
        return b.toString();
    }
}
