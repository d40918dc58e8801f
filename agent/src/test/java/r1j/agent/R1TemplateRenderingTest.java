package r1j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import r1j.engine.template.ChatTemplate;

/**
 * The loop's messages, rendered by DeepSeek-R1's real chat template (from the shared fixtures): the call the model
 * made and the tool's result must reach the next prompt in the model's own markup.
 */
class R1TemplateRenderingTest {
    private static Path template() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/reference/chat-template/deepseek-r1-distill-qwen.jinja");
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException("shared/reference not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void a_call_and_its_result_render_in_r1_markup() throws Exception {
        ChatTemplate template = ChatTemplate.compile(Files.readString(template()));
        AgentMessage.Call call = new AgentMessage.Call("call_1", "calculator", "{\"expression\": \"6*7\"}");
        List<AgentMessage> messages = List.of(
                new AgentMessage.User("What is 6*7?"),
                new AgentMessage.Assistant("", "I should use the calculator.", List.of(call)),
                new AgentMessage.ToolResult("call_1", "calculator", "42"));
        String prompt = template.renderChat(messages.stream().map(AgentMessage::asTemplateMessage).toList(), null, true,
                Map.of("bos_token", "<｜begin▁of▁sentence｜>", "eos_token", "<｜end▁of▁sentence｜>"));
        assertThat(prompt)
                .contains("<｜User｜>What is 6*7?")
                .contains("<｜tool▁call▁begin｜>function<｜tool▁sep｜>calculator\n```json\n{\"expression\": \"6*7\"}\n```<｜tool▁call▁end｜>")
                .contains("<｜tool▁output▁begin｜>42<｜tool▁output▁end｜>")
                .doesNotContain("I should use the calculator.");
    }
}
