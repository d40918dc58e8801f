package r1j.dialogue.tools;

import java.util.ArrayList;
import java.util.List;
import r1j.agent.AgentMessage;
import r1j.agent.ToolLoopListener;
import r1j.agent.ToolStep;

import r1j.dialogue.events.ConversationEvent;

/**
 * Stores each step of the tool loop in the conversation's log as it happens (a model turn, its calls, each result
 * with its error and duration) and tells the {@link ReplyListener} once each is stored. The log is the record: a
 * reload shows the steps, and the next model turn's prompt is planned from it.
 */
public final class ToolStepRecorder implements ToolLoopListener {
    private final EventLog log;
    private final ConversationModelTurn model;
    private final ReplyListener listener;
    private final List<ConversationEvent> toolEvents = new ArrayList<>();
    private ConversationEvent.AssistantMessage lastReply;

    /** @param model the turn whose finish reason each stored reply carries */
    public ToolStepRecorder(EventLog log, ConversationModelTurn model, ReplyListener listener) {
        this.log = log;
        this.model = model;
        this.listener = listener;
    }

    @Override
    public void replied(int turn, AgentMessage.Assistant message) {
        String finish = model.lastFinishReason();
        boolean complete = !"cancelled".equals(finish);
        // OpenAI's finish reason for a reply that called functions.
        String reason = !message.calls().isEmpty() && "stop".equals(finish) ? "tool_calls" : finish;
        lastReply = (ConversationEvent.AssistantMessage) log.append(meta -> new ConversationEvent.AssistantMessage(
                meta, message.content(), message.reasoning(), complete, reason, model.lastStats()));
        if (!message.calls().isEmpty()) listener.onAssistantStep(lastReply);
        for (AgentMessage.Call call : message.calls()) {
            ConversationEvent.ToolCall stored = (ConversationEvent.ToolCall) log.append(
                    meta -> new ConversationEvent.ToolCall(meta, call.id(), call.name(), call.arguments()));
            toolEvents.add(stored);
            listener.onToolCall(stored);
        }
    }

    @Override
    public void toolFinished(ToolStep step) {
        ConversationEvent.ToolResult stored = (ConversationEvent.ToolResult) log.append(
                meta -> new ConversationEvent.ToolResult(meta, step.call().id(), step.call().name(), step.result(),
                        step.error(), step.duration().toMillis()));
        toolEvents.add(stored);
        listener.onToolResult(stored);
    }

    /** The last reply stored; null when the loop was cancelled before the model answered. */
    public ConversationEvent.AssistantMessage lastReply() {
        return lastReply;
    }

    /** The calls and results of this turn, in order. */
    public List<ConversationEvent> toolEvents() {
        return List.copyOf(toolEvents);
    }
}
