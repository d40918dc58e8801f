package r1j.dialogue.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.agent.AgentSetup;
import r1j.agent.ToolChoice;
import r1j.agent.ToolRunner;
import r1j.agent.builtin.Calculator;
import r1j.agent.http.HostAllowlist;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolBox;
import r1j.agent.tool.ToolFunction;
import r1j.agent.toolsfile.ToolSettings;
import r1j.agent.toolsfile.ToolsFile;
import r1j.dialogue.ConversationService;
import r1j.dialogue.SendSettings;
import r1j.dialogue.TinyModel;
import r1j.dialogue.TurnListener;
import r1j.dialogue.TurnResult;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineStats;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.runtime.GenerationStream;
import r1j.engine.runtime.TokenEvent;
import r1j.engine.sampling.SamplingParams;

/** A conversation turn that runs the tool loop: every step in the log, in the stream, and in the next prompt. */
class ConversationToolLoopTest {
    private static TinyModel tiny;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        tiny = new TinyModel(2048);
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    private static final String CALL = "<tool_call>\n{\"name\": \"%s\", \"arguments\": %s}\n</tool_call>";

    /** Answers each request with the next scripted reply (thinking closed first) and keeps each prompt's text. */
    private static final class ScriptedEngine implements Engine {
        final Deque<String> replies;
        final List<String> prompts = new ArrayList<>();

        ScriptedEngine(String... replies) {
            this.replies = new ArrayDeque<>(List.of(replies));
        }

        @Override
        public GenerationStream submit(GenerationRequest request) {
            String prompt = tiny.model.tokenizer().decode(request.prompt());
            prompts.add(prompt);
            String text = (ReasoningSplitter.promptOpensReasoning(prompt) ? "</think>" : "")
                    + (replies.isEmpty() ? "no more script" : replies.pop());
            GenerationStream stream = new GenerationStream();
            stream.emit(new TokenEvent.Token(-1, text));
            stream.emit(new TokenEvent.Finished(new GenerationResult(new int[] {1, 2, 3}, text, FinishReason.STOP,
                    request.prompt().length, 0, 1, 1)));
            return stream;
        }

        @Override
        public EngineStats stats() {
            return new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public void close() {}
    }

    /** Remembers what the listener heard, in order. */
    private static final class Heard implements TurnListener {
        final List<String> events = new ArrayList<>();
        final StringBuilder content = new StringBuilder();

        @Override
        public void onContent(String delta) {
            content.append(delta);
        }

        @Override
        public void onToolCall(ConversationEvent.ToolCall call) {
            events.add("call " + call.name() + " " + call.arguments());
        }

        @Override
        public void onToolResult(ConversationEvent.ToolResult result) {
            events.add("result " + result.name() + " " + result.content());
        }
    }

    private ConversationService service(DialogueModel model) throws Exception {
        return new ConversationService(JdbcConversationStore.sqlite(Files.createTempDirectory(dir, "db")), model,
                Clock.systemUTC(), Duration.ZERO);
    }

    private static SendSettings settings(int maxTokens) {
        return new SendSettings(new GenerationSettings(SamplingParams.greedy(), maxTokens, List.of(), false), null,
                Tracker.Mode.OFF, SendSettings.ContextPolicy.DROP_OLDEST);
    }

    private static ToolBox calculator() {
        return ToolsFile.parse(Path.of("tools.json"), """
                [{"type": "function", "function": {"name": "calculator"}, "run": {"type": "builtin", "name": "calculator"}}]
                """, ToolSettings.system(HostAllowlist.parse(null)));
    }

    @Test
    void each_step_is_stored_streamed_and_read_back_by_the_next_model_turn() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(
                "Let me compute." + CALL.formatted("calculator", "{\"expression\": \"1/3 + 2/3 + 0.1 + 0.2\"}"),
                "It is 1.3.");
        ConversationService service = service(tiny.with(engine));
        String id = service.create(null, Map.of()).id();
        Heard heard = new Heard();
        TurnResult r = service.sendMessage(id, "what is 1/3 + 2/3 + 0.1 + 0.2?", settings(64),
                new ToolUse(new AgentSetup(calculator(), 5, ToolRunner.DEFAULT), ToolChoice.AUTO), heard);

        assertThat(r.reply().content()).isEqualTo("It is 1.3.");
        assertThat(heard.events).containsExactly(
                "call calculator {\"expression\":\"1/3 + 2/3 + 0.1 + 0.2\"}", "result calculator 1.3");
        assertThat(heard.content.toString()).as("call markup is never streamed as text")
                .isEqualTo("Let me compute.It is 1.3.");
        List<ConversationEvent> log = service.events(id);
        assertThat(log).extracting(ConversationEvent::type).containsExactly("UserMessage", "AssistantMessage",
                "ToolCall", "ToolResult", "AssistantMessage");
        var first = (ConversationEvent.AssistantMessage) log.get(1);
        assertThat(first.content()).isEqualTo("Let me compute.");
        assertThat(first.finishReason()).isEqualTo("tool_calls");
        var call = (ConversationEvent.ToolCall) log.get(2);
        var result = (ConversationEvent.ToolResult) log.get(3);
        assertThat(result.callId()).isEqualTo(call.callId()).startsWith("call_");
        assertThat(result.name()).isEqualTo("calculator");
        assertThat(result.error()).isNull();
        assertThat(result.durationMs()).isGreaterThanOrEqualTo(0);
        assertThat(r.toolSteps()).containsExactly(call, result);

        assertThat(engine.prompts).hasSize(2);
        assertThat(engine.prompts.get(0)).as("the tools are offered").contains("calculator");
        assertThat(engine.prompts.get(1)).as("the second turn reads the call and its result")
                .contains("1/3 + 2/3 + 0.1 + 0.2").contains("1.3");

        ConversationState state = service.state(id, null);
        assertThat(state.messages()).extracting(Message::role).containsExactly(Message.Role.USER,
                Message.Role.ASSISTANT, Message.Role.TOOL_CALL, Message.Role.TOOL_RESULT, Message.Role.ASSISTANT);
        assertThat(state.messages().get(3).toolName()).isEqualTo("calculator");

        // The next user turn's prompt still holds the tool step (the context window counts it).
        engine.replies.add("Fine.");
        service.sendMessage(id, "thanks", settings(64), ToolUse.NONE, TurnListener.NONE);
        assertThat(engine.prompts.get(2)).contains("1/3 + 2/3 + 0.1 + 0.2").contains("It is 1.3.");
    }

    @Test
    void the_step_limit_ends_with_one_turn_without_tools() throws Exception {
        String again = CALL.formatted("calculator", "{\"expression\": \"1+1\"}");
        ScriptedEngine engine = new ScriptedEngine(again, again, "Done.");
        ConversationService service = service(tiny.with(engine));
        String id = service.create(null, Map.of()).id();
        TurnResult r = service.sendMessage(id, "add forever", settings(64),
                new ToolUse(new AgentSetup(calculator(), 2, ToolRunner.DEFAULT), ToolChoice.AUTO), TurnListener.NONE);
        assertThat(r.toolSteps()).filteredOn(e -> e instanceof ConversationEvent.ToolResult).hasSize(2);
        assertThat(r.reply().content()).isEqualTo("Done.");
        assertThat(engine.prompts).hasSize(3);
        assertThat(engine.prompts.get(2)).as("the last turn is offered no tools").doesNotContain("You can call these functions");
    }

    @Test
    void a_tool_timeout_goes_back_to_the_model_as_the_result() throws Exception {
        Tool slow = new Tool() {
            @Override
            public ToolFunction function() {
                return new ToolFunction("slow", "never answers in time", null);
            }

            @Override
            public String call(ObjectNode arguments) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "too late";
            }
        };
        ScriptedEngine engine = new ScriptedEngine(CALL.formatted("slow", "{}"), "It timed out, sorry.");
        ConversationService service = service(tiny.with(engine));
        String id = service.create(null, Map.of()).id();
        AgentSetup agent = new AgentSetup(new ToolBox(List.of(slow)), 5, new ToolRunner(Duration.ofMillis(200), 1000));
        TurnResult r = service.sendMessage(id, "go", settings(64), new ToolUse(agent, ToolChoice.AUTO), TurnListener.NONE);
        var result = (ConversationEvent.ToolResult) r.toolSteps().get(1);
        assertThat(result.error()).isEqualTo("the tool timed out after 200 ms");
        assertThat(result.content()).isEqualTo("error: the tool timed out after 200 ms");
        assertThat(r.reply().content()).isEqualTo("It timed out, sorry.");
        assertThat(engine.prompts.get(1)).contains("the tool timed out after 200 ms");
    }

    @Test
    void a_named_tool_choice_forces_the_call_on_the_real_model() throws Exception {
        // The calculator with one allowed expression, so the random-weight model's forced arguments are known.
        ObjectNode schema = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "object", "properties": {"expression": {"enum": ["6*7"]}}, "required": ["expression"]}""");
        ToolBox box = new ToolBox(List.of(new Calculator(new ToolFunction("calculator", "exact arithmetic", schema))));
        ConversationService service = service(tiny.dialogue);
        String id = service.create(null, Map.of()).id();
        SendSettings send = new SendSettings(settings(80).reply().withReasoningBudget(8), null, Tracker.Mode.OFF,
                SendSettings.ContextPolicy.DROP_OLDEST);
        TurnResult r = service.sendMessage(id, "six times seven?", send,
                new ToolUse(new AgentSetup(box, 1, ToolRunner.DEFAULT), new ToolChoice.Named("calculator")),
                TurnListener.NONE);
        assertThat(r.toolSteps()).hasSize(2);
        var call = (ConversationEvent.ToolCall) r.toolSteps().get(0);
        var result = (ConversationEvent.ToolResult) r.toolSteps().get(1);
        assertThat(call.name()).isEqualTo("calculator");
        assertThat(call.arguments()).contains("6*7");
        assertThat(result.content()).isEqualTo("42");
        assertThat(r.reply()).isNotNull();
    }

    @Test
    void stop_during_a_tool_step_runs_no_more_calls_and_no_more_model_turns() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(CALL.formatted("calculator", "{\"expression\": \"1+1\"}"), "never");
        ConversationService service = service(tiny.with(engine));
        String id = service.create(null, Map.of()).id();
        TurnListener stopsAtTheCall = new TurnListener() {
            private volatile boolean stopped;

            @Override
            public void onToolCall(ConversationEvent.ToolCall call) {
                stopped = true; // the user pressed Stop as the call appeared
            }

            @Override
            public boolean isCancelled() {
                return stopped;
            }
        };
        TurnResult r = service.sendMessage(id, "add", settings(64),
                new ToolUse(new AgentSetup(calculator(), 5, ToolRunner.DEFAULT), ToolChoice.AUTO), stopsAtTheCall);
        assertThat(engine.prompts).hasSize(1);
        var result = (ConversationEvent.ToolResult) r.toolSteps().get(1);
        assertThat(result.error()).contains("cancelled");
        assertThat(service.events(id)).extracting(ConversationEvent::type)
                .containsExactly("UserMessage", "AssistantMessage", "ToolCall", "ToolResult");
    }

    @Test
    void a_choice_the_tools_cannot_meet_is_refused_before_anything_is_stored() throws Exception {
        ConversationService service = service(tiny.dialogue);
        String id = service.create(null, Map.of()).id();
        ToolUse unknown = new ToolUse(new AgentSetup(calculator(), 5, ToolRunner.DEFAULT), new ToolChoice.Named("nope"));
        assertThatThrownBy(() -> service.sendMessage(id, "hi", settings(8), unknown, TurnListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> service.sendMessage(id, "hi", settings(8), new ToolUse(null, ToolChoice.REQUIRED),
                TurnListener.NONE)).hasMessageContaining("\"tools\": \"auto\"");
        assertThat(service.events(id)).isEmpty();
    }
}
