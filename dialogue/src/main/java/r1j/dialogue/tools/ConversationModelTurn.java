package r1j.dialogue.tools;

import java.util.Locale;
import java.util.function.Function;
import r1j.agent.ModelReply;
import r1j.agent.ModelTurn;
import r1j.agent.ToolChoice;
import r1j.agent.tool.ToolFunction;

import r1j.dialogue.events.ReplyMeter;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.context.PromptPlan;
import r1j.dialogue.context.ToolOffer;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.ReplyStats;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.toolcall.ToolCallParser;
import r1j.engine.toolcall.ToolCallStream;

/**
 * One model turn of a conversation's tool loop. The prompt is planned from the conversation's log, not from the
 * loop's message list: {@link ToolStepRecorder} stores every step as it happens, so the log already holds them, and
 * the context window (dropping old turns, the state block, the system text) applies to tool turns as to any other.
 * The reply streams to the {@link ReplyListener} with its call markup held back (the calls arrive as their own
 * events); the loop gets the raw text and parses the calls itself.
 *
 * <p>One per user turn, used by one thread.
 */
public final class ConversationModelTurn implements ModelTurn {
    private final DialogueModel model;
    private final Function<ToolOffer, PromptPlan> planner;
    private final GenerationSettings reply;
    private final String preset;
    private final ToolCallParser parser;
    private final ReplyListener listener;
    private final EventLog log;
    private GenerationResult last;
    private ReplyStats lastStats;

    /**
     * @param planner the prompt for the conversation as its log now stands, offering the given tools
     * @param reply   sampling, max tokens and thinking budget of every model turn
     * @param preset  the task preset behind {@code reply}'s temperature (stored with each reply's numbers), or null
     * @param log     where a reply that failed mid-way is stored (as incomplete) before the failure goes on
     */
    public ConversationModelTurn(DialogueModel model, Function<ToolOffer, PromptPlan> planner, GenerationSettings reply,
            String preset, ToolCallParser parser, ReplyListener listener, EventLog log) {
        this.model = model;
        this.planner = planner;
        this.reply = reply;
        this.preset = preset;
        this.parser = parser;
        this.listener = listener;
        this.log = log;
    }

    @Override
    public ModelReply reply(Request request) {
        PromptPlan plan = planner.apply(ToolOffer.of(request.tools(), request.choice()));
        boolean opensReasoning = ReasoningSplitter.promptOpensReasoning(plan.text());
        GenerationSettings settings = reply;
        ToolFunction forced = forcedFunction(request);
        if (forced != null) {
            TokenConstraint c = new ForcedCall(model.model(), model.trie()).constraint(forced, opensReasoning, reply);
            if (c != null) settings = reply.withConstraint(c);
        }
        ReasoningSplitter splitter = new ReasoningSplitter(opensReasoning);
        ToolCallStream visible = parser.stream();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        ReplyMeter meter = new ReplyMeter(plan.tokens().length);
        try {
            last = model.engine().submit(new GenerationRequest(plan.tokens(), settings))
                    .await((tokenId, delta) -> {
                        ReasoningSplitter.Delta d = splitter.feed(delta);
                        meter.token(d);
                        emit(d, visible, reasoning, content);
                    }, listener::isCancelled);
        } catch (RuntimeException e) {
            emit(splitter.finish(), visible, reasoning, content);
            String shown = parser.extract(content.toString()).content().strip();
            ReplyStats failed = meter.finish(null, preset);
            log.append(meta -> new ConversationEvent.AssistantMessage(meta, shown, reasoning.toString(), false, "error",
                    failed));
            throw e;
        }
        lastStats = meter.finish(last, preset);
        emit(splitter.finish(), visible, reasoning, content);
        String rest = visible.finish().content();
        if (!rest.isEmpty()) listener.onContent(rest);
        FinishReason finish = last.finishReason();
        return new ModelReply(reasoning.toString(), content.toString(),
                finish != FinishReason.CANCELLED && finish != FinishReason.LENGTH);
    }

    /** The last turn's generation (usage, finish reason); null before the first. */
    public GenerationResult lastGeneration() {
        return last;
    }

    /** The last turn's numbers (times, token counts, preset), as stored with its reply; null before the first. */
    public ReplyStats lastStats() {
        return lastStats;
    }

    /** How the last turn ended, as the log writes it ({@code stop}, {@code length}, {@code cancelled}...). */
    public String lastFinishReason() {
        return last == null ? "error" : last.finishReason().name().toLowerCase(Locale.ROOT);
    }

    /** The function this turn must call: the named one, or the only one under {@code required}. */
    private static ToolFunction forcedFunction(Request request) {
        if (request.choice() instanceof ToolChoice.Named named) {
            return request.tools().stream().filter(f -> f.name().equals(named.function())).findFirst().orElse(null);
        }
        if (request.choice() instanceof ToolChoice.Required && request.tools().size() == 1) return request.tools().getFirst();
        return null;
    }

    private void emit(ReasoningSplitter.Delta d, ToolCallStream visible, StringBuilder reasoning, StringBuilder content) {
        if (!d.reasoning().isEmpty()) {
            reasoning.append(d.reasoning());
            listener.onReasoning(d.reasoning());
        }
        if (!d.content().isEmpty()) {
            content.append(d.content());
            String shown = visible.feed(d.content()).content();
            if (!shown.isEmpty()) listener.onContent(shown);
        }
    }
}
