package r1j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import r1j.agent.builtin.Calculator;
import r1j.agent.builtin.CurrentTime;
import r1j.agent.http.HostAllowlist;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolBox;
import r1j.agent.tool.ToolException;
import r1j.agent.tool.ToolFunction;
import r1j.agent.toolsfile.ToolSettings;
import r1j.agent.toolsfile.ToolsFile;
import r1j.engine.toolcall.ToolCallParser;
import r1j.engine.toolcall.ToolCallSyntax;

class ToolLoopTest {
    private static final ToolCallParser PARSER = ToolCallParser.of(ToolCallSyntax.DEEPSEEK_R1, ToolCallSyntax.HERMES);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** DeepSeek-R1's call markup, as the model writes it. */
    private static String r1Call(String name, String arguments) {
        return "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>" + name + "\n```json\n" + arguments
                + "\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>";
    }

    /** A model that answers each turn from a script and remembers what it was asked. */
    private static final class ScriptedModel implements ModelTurn {
        final List<Request> requests = new ArrayList<>();
        private final Function<Integer, ModelReply> script;

        ScriptedModel(Function<Integer, ModelReply> script) {
            this.script = script;
        }

        static ScriptedModel of(String... answers) {
            return new ScriptedModel(turn -> new ModelReply("thinking " + turn, answers[turn - 1], true));
        }

        @Override
        public ModelReply reply(Request request) {
            requests.add(request);
            return script.apply(requests.size());
        }
    }

    /** Every event, in order, as text. */
    private static final class Recorder implements ToolLoopListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void replied(int turn, AgentMessage.Assistant message) {
            events.add("replied " + turn + ": " + message.content() + " " + message.calls().size() + " calls");
        }

        @Override
        public void toolStarted(int step, AgentMessage.Call call) {
            events.add("started " + step + ": " + call.name() + " " + call.arguments());
        }

        @Override
        public void toolFinished(ToolStep step) {
            events.add("finished " + step.step() + ": " + step.call().name() + " -> " + step.result());
        }
    }

    private static Tool tool(String name, ToolBody body) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties");
        ToolFunction function = new ToolFunction(name, "test tool " + name, schema);
        return new Tool() {
            @Override
            public ToolFunction function() {
                return function;
            }

            @Override
            public String call(ObjectNode arguments) throws ToolException {
                return body.run(arguments);
            }
        };
    }

    @FunctionalInterface
    private interface ToolBody {
        String run(ObjectNode arguments) throws ToolException;
    }

    private static final ToolBox CALCULATOR_AND_CLOCK = new ToolBox(List.of(
            new Calculator(Calculator.defaultFunction("calculator")),
            new CurrentTime(CurrentTime.defaultFunction("current_time"), java.time.Clock.systemUTC())));

    private static LoopRequest ask(String question, ToolChoice choice) {
        return new LoopRequest(List.of(new AgentMessage.User(question)), choice);
    }

    @Test
    void runs_a_call_appends_its_result_and_lets_the_model_answer() {
        ScriptedModel model = ScriptedModel.of(
                "Let me compute.\n" + r1Call("calculator", "{\"expression\": \"0.1 + 0.2\"}"),
                "It is 0.3.");
        Recorder events = new Recorder();
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(ask("What is 0.1 + 0.2?", ToolChoice.AUTO), events);

        assertThat(result.finish()).isEqualTo(LoopResult.Finish.ANSWERED);
        assertThat(result.steps()).singleElement().satisfies(step -> {
            assertThat(step.ok()).isTrue();
            assertThat(step.result()).isEqualTo("0.3");
            assertThat(step.call().name()).isEqualTo("calculator");
            assertThat(step.duration()).isPositive();
        });
        assertThat(result.added()).hasSize(3);
        AgentMessage.Assistant first = (AgentMessage.Assistant) result.added().get(0);
        assertThat(first.content()).isEqualTo("Let me compute.");
        assertThat(first.reasoning()).isEqualTo("thinking 1");
        AgentMessage.ToolResult toolResult = (AgentMessage.ToolResult) result.added().get(1);
        assertThat(toolResult.callId()).isEqualTo(first.calls().getFirst().id()).startsWith("call_");
        assertThat(toolResult.content()).isEqualTo("0.3");
        assertThat(result.answer()).hasValueSatisfying(a -> assertThat(a.content()).isEqualTo("It is 0.3."));

        assertThat(model.requests).hasSize(2);
        assertThat(model.requests.get(0).tools()).extracting(ToolFunction::name).containsExactly("calculator", "current_time");
        assertThat(model.requests.get(1).messages()).hasSize(3).last().isEqualTo(toolResult);
        assertThat(events.events).containsExactly(
                "replied 1: Let me compute. 1 calls",
                "started 1: calculator {\"expression\": \"0.1 + 0.2\"}",
                "finished 1: calculator -> 0.3",
                "replied 2: It is 0.3. 0 calls");
    }

    @Test
    void messages_take_the_openai_shape_chat_templates_read() {
        AgentMessage.Call call = new AgentMessage.Call("call_1", "calculator", "{\"expression\": \"1+1\"}");
        Map<String, Object> assistant = new AgentMessage.Assistant("", "hmm", List.of(call)).asTemplateMessage();
        assertThat(assistant).containsOnlyKeys("role", "content", "tool_calls")
                .containsEntry("role", "assistant")
                .as("R1's template writes calls only when the content is none").containsEntry("content", null)
                .containsEntry("tool_calls", List.of(Map.of("id", "call_1", "type", "function",
                        "function", Map.of("name", "calculator", "arguments", "{\"expression\": \"1+1\"}"))));
        assertThat(new AgentMessage.ToolResult("call_1", "calculator", "2").asTemplateMessage())
                .isEqualTo(Map.of("role", "tool", "content", "2", "tool_call_id", "call_1", "name", "calculator"));
        assertThat(new AgentMessage.User("hi").asTemplateMessage()).isEqualTo(Map.of("role", "user", "content", "hi"));
    }

    @Test
    void the_step_limit_ends_with_one_turn_without_tools() {
        ScriptedModel model = new ScriptedModel(turn -> new ModelReply("", turn <= 2
                ? r1Call("calculator", "{\"expression\": \"" + turn + " + 1\"}")
                : "Enough tools; the answer is 3.", true));
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(new LoopRequest(List.of(new AgentMessage.User("count")), ToolChoice.AUTO, 2, () -> false),
                        ToolLoopListener.NONE);
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.STEP_LIMIT);
        assertThat(result.steps()).extracting(ToolStep::step).containsExactly(1, 2);
        assertThat(result.steps()).extracting(ToolStep::result).containsExactly("2", "3");
        assertThat(model.requests).hasSize(3);
        assertThat(model.requests.get(2).choice()).isEqualTo(ToolChoice.NONE);
        assertThat(model.requests.get(2).tools()).isEmpty();
        assertThat(result.answer()).hasValueSatisfying(a -> assertThat(a.content()).isEqualTo("Enough tools; the answer is 3."));
    }

    @Test
    void a_model_that_keeps_calling_still_stops_at_the_limit_and_its_last_calls_are_not_run() {
        ScriptedModel model = new ScriptedModel(turn -> new ModelReply("", r1Call("calculator", "{\"expression\": \"1\"}"), true));
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(ask("loop", ToolChoice.AUTO), ToolLoopListener.NONE);
        assertThat(result.steps()).hasSize(LoopRequest.DEFAULT_MAX_STEPS);
        assertThat(model.requests).hasSize(LoopRequest.DEFAULT_MAX_STEPS + 1);
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.STEP_LIMIT);
        assertThat(result.answer().orElseThrow().calls()).isEmpty();
    }

    @Test
    void a_tool_timeout_becomes_the_result_and_the_turn_goes_on() {
        Tool slow = tool("slow", args -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "too late";
        });
        ScriptedModel model = ScriptedModel.of(r1Call("slow", "{}"), "The tool did not answer.");
        long start = System.nanoTime();
        LoopResult result = new ToolLoop(model, PARSER, new ToolBox(List.of(slow)),
                new ToolRunner(Duration.ofMillis(200), 1000)).run(ask("go", ToolChoice.AUTO), ToolLoopListener.NONE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.ANSWERED);
        assertThat(result.steps()).singleElement().satisfies(step -> {
            assertThat(step.error()).isEqualTo("the tool timed out after 200 ms");
            assertThat(step.result()).isEqualTo("error: the tool timed out after 200 ms");
        });
        assertThat(((AgentMessage.ToolResult) result.added().get(1)).content())
                .isEqualTo("error: the tool timed out after 200 ms");
    }

    @Test
    void tool_failures_unknown_tools_and_missing_arguments_go_back_to_the_model_as_text() {
        Tool failing = tool("failing", args -> {
            throw new ToolException("upstream said no");
        });
        Tool crashing = tool("crashing", args -> {
            throw new IllegalStateException("bug");
        });
        ScriptedModel model = ScriptedModel.of(r1Call("failing", "{}") + r1Call("crashing", "{}")
                + r1Call("teleport", "{}") + r1Call("calculator", "{}"), "Sorry.");
        ToolBox box = new ToolBox(List.of(failing, crashing, new Calculator(Calculator.defaultFunction("calculator"))));
        LoopResult result = new ToolLoop(model, PARSER, box, ToolRunner.DEFAULT).run(ask("go", ToolChoice.AUTO),
                ToolLoopListener.NONE);
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.ANSWERED);
        assertThat(result.steps()).extracting(ToolStep::error).containsExactly(
                "upstream said no",
                "the tool failed: IllegalStateException: bug",
                "there is no tool named 'teleport'; the tools are [failing, crashing, calculator]",
                "missing required argument 'expression'");
    }

    @Test
    void long_results_are_cut_with_a_note() {
        Tool chatty = tool("chatty", args -> "x".repeat(100));
        ScriptedModel model = ScriptedModel.of(r1Call("chatty", "{}"), "ok");
        LoopResult result = new ToolLoop(model, PARSER, new ToolBox(List.of(chatty)), new ToolRunner(Duration.ofSeconds(5), 10))
                .run(ask("go", ToolChoice.AUTO), ToolLoopListener.NONE);
        assertThat(result.steps().getFirst().result()).isEqualTo("xxxxxxxxxx\n[truncated: 90 more characters]");
    }

    @Test
    void a_named_choice_binds_the_first_turn_to_that_function_then_goes_auto() {
        ScriptedModel model = ScriptedModel.of(
                r1Call("current_time", "{}") + r1Call("calculator", "{\"expression\": \"2^10\"}"), "1024");
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(ask("2^10?", new ToolChoice.Named("calculator")), ToolLoopListener.NONE);
        assertThat(model.requests.get(0).choice()).isEqualTo(new ToolChoice.Named("calculator"));
        assertThat(model.requests.get(0).choice().mustCall()).isTrue();
        assertThat(model.requests.get(0).tools()).hasSize(2);
        assertThat(model.requests.get(1).choice()).isEqualTo(ToolChoice.AUTO);
        assertThat(result.steps()).extracting(ToolStep::error)
                .containsExactly("tool_choice allows only calculator in this step", null);
        assertThat(result.steps().get(1).result()).isEqualTo("1024");
    }

    @Test
    void none_offers_no_tools_and_takes_the_answer_as_written() {
        String answer = "No tools here: " + r1Call("calculator", "{\"expression\": \"1\"}");
        ScriptedModel model = ScriptedModel.of(answer);
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(ask("hi", ToolChoice.NONE), ToolLoopListener.NONE);
        assertThat(model.requests.getFirst().tools()).isEmpty();
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.ANSWERED);
        assertThat(result.steps()).isEmpty();
        assertThat(result.answer().orElseThrow().content()).isEqualTo(answer);
    }

    @Test
    void a_reply_cut_short_runs_no_calls() {
        String text = r1Call("calculator", "{\"expression\": \"1\"}");
        ScriptedModel model = new ScriptedModel(turn -> new ModelReply("", text, false));
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(ask("hi", ToolChoice.AUTO), ToolLoopListener.NONE);
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.CUT_SHORT);
        assertThat(result.steps()).isEmpty();
        assertThat(result.answer().orElseThrow().content()).isEqualTo(text);
    }

    @Test
    void cancelling_stops_before_the_next_call_and_answers_every_call_made() {
        AtomicBoolean stop = new AtomicBoolean();
        ScriptedModel model = new ScriptedModel(turn -> {
            stop.set(true);
            return new ModelReply("", r1Call("calculator", "{\"expression\": \"1\"}")
                    + r1Call("calculator", "{\"expression\": \"2\"}"), true);
        });
        LoopResult result = new ToolLoop(model, PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT)
                .run(new LoopRequest(List.of(new AgentMessage.User("x")), ToolChoice.AUTO, 5, stop::get),
                        ToolLoopListener.NONE);
        assertThat(result.finish()).isEqualTo(LoopResult.Finish.CANCELLED);
        assertThat(model.requests).hasSize(1);
        assertThat(result.steps()).extracting(ToolStep::error).containsOnly("the request was cancelled before this call ran");
        assertThat(result.added()).hasSize(3);
    }

    @Test
    void a_named_function_the_server_lacks_is_a_bad_request() {
        ToolLoop loop = new ToolLoop(ScriptedModel.of("x"), PARSER, CALCULATOR_AND_CLOCK, ToolRunner.DEFAULT);
        assertThatThrownBy(() -> loop.run(ask("x", new ToolChoice.Named("weather")), ToolLoopListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'weather', which is not among the server's tools [calculator, current_time]");
        ToolLoop empty = new ToolLoop(ScriptedModel.of("x"), PARSER, ToolBox.empty(), ToolRunner.DEFAULT);
        assertThatThrownBy(() -> empty.run(ask("x", ToolChoice.REQUIRED), ToolLoopListener.NONE))
                .hasMessageContaining("the server has no tools");
    }

    @Test
    void tool_choice_reads_the_openai_forms() throws Exception {
        assertThat(ToolChoice.fromJson(null)).isEqualTo(ToolChoice.AUTO);
        assertThat(ToolChoice.fromJson(JSON.readTree("\"none\""))).isEqualTo(ToolChoice.NONE);
        assertThat(ToolChoice.fromJson(JSON.readTree("\"required\""))).isEqualTo(ToolChoice.REQUIRED);
        assertThat(ToolChoice.fromJson(JSON.readTree("{\"type\": \"function\", \"function\": {\"name\": \"calc\"}}")))
                .isEqualTo(new ToolChoice.Named("calc"));
        assertThatThrownBy(() -> ToolChoice.fromJson(JSON.readTree("\"always\"")))
                .hasMessageContaining("tool_choice must be");
        assertThatThrownBy(() -> ToolChoice.fromJson(JSON.readTree("{\"type\": \"function\"}")))
                .hasMessageContaining("tool_choice must be");
    }

    @Test
    void an_http_tool_from_a_tools_file_runs_in_the_loop_against_an_allowlisted_loopback_server() throws Exception {
        try (ScriptedServer server = new ScriptedServer().on("/weather", ScriptedServer.json("{\"temp_c\": 4}"))) {
            ToolBox box = ToolsFile.parse(Path.of("tools.json"), """
                    [{"id": "weather", "description": "Weather now", "url": "%s", "method": "GET",
                      "params": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
                    """.formatted(server.url("/weather")),
                    ToolSettings.system(HostAllowlist.parse("127.0.0.1:" + server.port())));
            ScriptedModel model = ScriptedModel.of("<tool_call>{\"name\": \"weather\", \"arguments\": {\"city\": \"Oslo\"}}</tool_call>",
                    "It is 4 °C in Oslo.");
            LoopResult result = new ToolLoop(model, PARSER, box, ToolRunner.DEFAULT)
                    .run(ask("Weather in Oslo?", ToolChoice.AUTO), ToolLoopListener.NONE);
            assertThat(result.steps()).singleElement().satisfies(s -> assertThat(s.result()).isEqualTo("{\"temp_c\": 4}"));
            assertThat(server.received()).singleElement()
                    .satisfies(r -> assertThat(r.uri()).isEqualTo("/weather?city=Oslo"));
            assertThat(result.answer().orElseThrow().content()).isEqualTo("It is 4 °C in Oslo.");
        }
    }
}
