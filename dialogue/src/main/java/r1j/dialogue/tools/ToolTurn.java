package r1j.dialogue.tools;

import java.util.List;
import java.util.function.Function;
import r1j.agent.AgentMessage;
import r1j.agent.AgentSetup;
import r1j.agent.LoopRequest;
import r1j.agent.ToolLoop;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.context.PromptPlan;
import r1j.dialogue.context.ToolOffer;
import r1j.dialogue.events.ConversationEvent;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.toolcall.ToolCallParser;
import r1j.engine.toolcall.ToolCallSyntax;

/**
 * The answer to one user message when it uses the server's tools: the agent's {@link ToolLoop} over the conversation,
 * each model turn prompted from the log ({@link ConversationModelTurn}) and each step stored as it happens
 * ({@link ToolStepRecorder}).
 */
public final class ToolTurn {
    /** Replies may use R1's own markup (which the tool instructions teach) or hermes (which forced calls use). */
    private static final ToolCallParser TOOL_CALLS = ToolCallParser.of(ToolCallSyntax.DEEPSEEK_R1, ToolCallSyntax.HERMES);

    private ToolTurn() {}

    /**
     * @param reply      the last reply stored; null when cancelled before the model answered
     * @param generation the last reply's generation (usage, finish reason); null with no reply
     * @param toolEvents the calls and results, in order
     */
    public record Outcome(ConversationEvent.AssistantMessage reply, GenerationResult generation,
            List<ConversationEvent> toolEvents) {}

    /**
     * Runs the loop for {@code userText}, already stored in the log.
     *
     * @param planner the prompt for the conversation as its log now stands, offering the given tools
     * @param log     appends one event to the conversation's log at once
     * @param preset  the task preset that chose {@code reply}'s temperature, stored with each reply; null for none
     * @param tools   an {@link ToolUse#active() active} use
     */
    public static Outcome run(DialogueModel model, Function<ToolOffer, PromptPlan> planner, EventLog log,
            GenerationSettings reply, String preset, String userText, ToolUse tools, ReplyListener listener) {
        ConversationModelTurn modelTurn = new ConversationModelTurn(model, planner, reply, preset, TOOL_CALLS, listener,
                log);
        ToolStepRecorder recorder = new ToolStepRecorder(log, modelTurn, listener);
        AgentSetup agent = tools.agent();
        // The loop's own message list is not used for prompts (they come from the log); it starts with the question.
        new ToolLoop(modelTurn, TOOL_CALLS, agent.tools(), agent.runner()).run(new LoopRequest(
                List.of(new AgentMessage.User(userText)), tools.choice(), agent.maxSteps(), listener::isCancelled), recorder);
        return new Outcome(recorder.lastReply(), recorder.lastReply() == null ? null : modelTurn.lastGeneration(),
                recorder.toolEvents());
    }
}
