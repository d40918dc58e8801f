package r1j.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolBox;
import r1j.agent.tool.ToolFunction;
import r1j.engine.toolcall.ToolCall;
import r1j.engine.toolcall.ToolCallParser;
import r1j.engine.toolcall.ToolCallResult;

/**
 * The server-side tool loop of one user turn: the model replies; the calls in its answer are parsed and each
 * allowed one is run ({@link ToolRunner}: bounded, never throwing); the results are appended as tool messages; and
 * the model continues. After {@code maxSteps} turns that called tools, one last turn is made without tools, so the
 * user always gets an answer. Thread-safe: one loop serves every conversation.
 */
public final class ToolLoop {
    private final ModelTurn model;
    private final ToolCallParser parser;
    private final ToolBox tools;
    private final ToolRunner runner;

    /** @param parser reads calls out of an answer (the markups the server's tool prompt asks for) */
    public ToolLoop(ModelTurn model, ToolCallParser parser, ToolBox tools, ToolRunner runner) {
        this.model = model;
        this.parser = parser;
        this.tools = tools;
        this.runner = runner;
    }

    /**
     * Runs the loop for {@code request}, telling {@code listener} each step.
     *
     * @throws IllegalArgumentException when the request's choice names a function the tool box does not have, or
     *                                  requires a call with no tools
     */
    public LoopResult run(LoopRequest request, ToolLoopListener listener) {
        ToolChoice choice = request.choice();
        if (choice instanceof ToolChoice.Named named && tools.find(named.function()).isEmpty()) {
            throw new IllegalArgumentException("tool_choice names the function '" + named.function()
                    + "', which is not among the server's tools " + names());
        }
        if (choice.mustCall() && tools.isEmpty()) {
            throw new IllegalArgumentException("tool_choice requires a call, but the server has no tools");
        }
        List<AgentMessage> messages = new ArrayList<>(request.history());
        List<AgentMessage> added = new ArrayList<>();
        List<ToolStep> steps = new ArrayList<>();
        int step = 0;
        for (int turn = 1; ; turn++) {
            if (request.cancelled().getAsBoolean()) return new LoopResult(added, steps, LoopResult.Finish.CANCELLED);
            boolean lastTurn = step == request.maxSteps();
            ToolChoice turnChoice = lastTurn || tools.isEmpty() ? ToolChoice.NONE : choice;
            List<ToolFunction> offered = turnChoice instanceof ToolChoice.None ? List.of() : tools.functions();
            ModelReply reply = model.reply(new ModelTurn.Request(messages, offered, turnChoice));

            AgentMessage.Assistant assistant = assistant(reply, turnChoice);
            messages.add(assistant);
            added.add(assistant);
            listener.replied(turn, assistant);
            if (!reply.complete()) {
                LoopResult.Finish finish = request.cancelled().getAsBoolean()
                        ? LoopResult.Finish.CANCELLED : LoopResult.Finish.CUT_SHORT;
                return new LoopResult(added, steps, finish);
            }
            if (assistant.calls().isEmpty()) {
                LoopResult.Finish finish = lastTurn && !(choice instanceof ToolChoice.None)
                        ? LoopResult.Finish.STEP_LIMIT : LoopResult.Finish.ANSWERED;
                return new LoopResult(added, steps, finish);
            }

            step++;
            boolean cancelled = false;
            for (AgentMessage.Call call : assistant.calls()) {
                cancelled = cancelled || request.cancelled().getAsBoolean();
                listener.toolStarted(step, call);
                ToolStep done = cancelled
                        ? refused(step, call, "the request was cancelled before this call ran")
                        : execute(step, call, turnChoice);
                steps.add(done);
                AgentMessage.ToolResult result = new AgentMessage.ToolResult(call.id(), call.name(), done.result());
                messages.add(result);
                added.add(result);
                listener.toolFinished(done);
            }
            if (cancelled) return new LoopResult(added, steps, LoopResult.Finish.CANCELLED);
            // A required or named choice binds the first turn only (see ToolChoice).
            if (choice.mustCall()) choice = ToolChoice.AUTO;
        }
    }

    /**
     * The reply as an assistant message. Under {@code none} the answer is taken as written: no tools were offered,
     * so nothing in it is a call (as /v1/chat/completions does).
     */
    private AgentMessage.Assistant assistant(ModelReply reply, ToolChoice choice) {
        if (choice instanceof ToolChoice.None || !reply.complete()) {
            return new AgentMessage.Assistant(reply.content(), reply.reasoning(), List.of());
        }
        ToolCallResult parsed = parser.extract(reply.content());
        List<AgentMessage.Call> calls = new ArrayList<>();
        for (ToolCall c : parsed.calls()) calls.add(new AgentMessage.Call(newCallId(), c.name(), c.arguments()));
        return new AgentMessage.Assistant(parsed.content().strip(), reply.reasoning(), calls);
    }

    private ToolStep execute(int step, AgentMessage.Call call, ToolChoice choice) {
        if (choice instanceof ToolChoice.Named named && !named.function().equals(call.name())) {
            return refused(step, call, "tool_choice allows only " + named.function() + " in this step");
        }
        Tool tool = tools.find(call.name()).orElse(null);
        if (tool == null) return refused(step, call, "there is no tool named '" + call.name() + "'; the tools are " + names());
        long start = System.nanoTime();
        ToolRunner.Outcome outcome = runner.run(tool, call);
        return new ToolStep(step, call, outcome.result(), outcome.error(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static ToolStep refused(int step, AgentMessage.Call call, String why) {
        ToolRunner.Outcome outcome = ToolRunner.Outcome.failed(why);
        return new ToolStep(step, call, outcome.result(), outcome.error(), Duration.ZERO);
    }

    private List<String> names() {
        return tools.functions().stream().map(ToolFunction::name).toList();
    }

    private static String newCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
