package r1j.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.testkit.Fixtures;

/** {@code --chat-template NAME}: the built-ins render their formats; a file or a name resolves, anything else fails. */
class BuiltInTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatTemplate DEEPSEEK = ChatTemplate.compile(BuiltInTemplates.source("deepseek-r1").orElseThrow());

    /**
     * The reference renders of the model's own template without tool messages: its tool markup has quirks (only
     * the first call of a conversation opens the call list) that the built-in does not copy.
     */
    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> referenceCasesWithoutTools() throws IOException {
        return Files.readAllLines(Fixtures.resolve("chat-template/cases.jsonl")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> {
                    try {
                        return (Map<String, Object>) JSON.readValue(l, Map.class);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(c -> ((List<Map<String, Object>>) c.get("messages")).stream()
                        .noneMatch(m -> m.get("role").equals("tool") || m.get("tool_calls") != null));
    }

    @ParameterizedTest
    @MethodSource("referenceCasesWithoutTools")
    void the_deepseek_r1_built_in_renders_like_the_models_own_template(Map<String, Object> c) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", c.get("messages"));
        context.put("add_generation_prompt", c.get("add_generation_prompt"));
        context.put("bos_token", "<｜begin▁of▁sentence｜>");
        context.put("eos_token", "<｜end▁of▁sentence｜>");
        assertThat(DEEPSEEK.render(context)).isEqualTo(c.get("expected"));
    }

    @Test
    void the_deepseek_r1_built_in_writes_tool_calls_and_outputs_in_r1_markup() {
        Map<String, Object> call = Map.of("type", "function", "function", Map.of("name", "get_weather",
                "arguments", Map.of("city", "Paris")));
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "user", "content", "Weather?"),
                new HashMap<>(Map.of("role", "assistant", "tool_calls", List.of(call, call))),
                Map.of("role", "tool", "content", "sunny"),
                Map.of("role", "tool", "content", "warm"));
        String rendered = DEEPSEEK.renderChat(messages, null, true, Map.of("bos_token", "<B>", "eos_token", "<E>"));
        String oneCall = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"Paris\"}\n```"
                + "<｜tool▁call▁end｜>";
        assertThat(rendered).isEqualTo("<B><｜User｜>Weather?<｜Assistant｜><｜tool▁calls▁begin｜>" + oneCall + "\n" + oneCall
                + "<｜tool▁calls▁end｜><｜end▁of▁sentence｜><｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>sunny"
                + "<｜tool▁output▁end｜>\n<｜tool▁output▁begin｜>warm<｜tool▁output▁end｜><｜tool▁outputs▁end｜>");
    }

    @Test
    void chatml_frames_every_message() {
        ChatTemplate chatml = ChatTemplate.compile(BuiltInTemplates.source("chatml").orElseThrow());
        String rendered = chatml.renderChat(List.of(Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi")), null, true, Map.of());
        assertThat(rendered).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n");
    }

    @Test
    void a_file_or_a_name_resolves_and_anything_else_names_the_built_ins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.jinja");
        Files.writeString(file, "{{ messages[0]['content'] }}");
        assertThat(BuiltInTemplates.resolve(file.toString())).isEqualTo("{{ messages[0]['content'] }}");
        assertThat(BuiltInTemplates.resolve("chatml")).contains("<|im_start|>");
        assertThatThrownBy(() -> BuiltInTemplates.resolve("llama9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("llama9").hasMessageContaining("deepseek-r1, chatml");
    }
}
