package r1j.engine.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.testkit.Fixtures;

/** The served model's own template must reproduce every reference render exactly. */
class DeepSeekChatTemplateTest {
    private static final Path DIR = Fixtures.resolve("chat-template");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatTemplate TEMPLATE = load();

    private static ChatTemplate load() {
        try {
            return ChatTemplate.compile(Files.readString(DIR.resolve("deepseek-r1-distill-qwen.jinja")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("cases.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        return java.util.stream.IntStream.range(0, lines.size())
                .mapToObj(i -> Arguments.of(i + 1, lines.get(i)));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void renders_the_reference_prompt_exactly(int number, String line) throws IOException {
        Map<String, Object> c = JSON.readValue(line, Map.class);
        Map<String, Object> context = new HashMap<>();
        context.put("messages", c.get("messages"));
        context.put("add_generation_prompt", c.get("add_generation_prompt"));
        context.put("bos_token", "<｜begin▁of▁sentence｜>");
        context.put("eos_token", "<｜end▁of▁sentence｜>");
        assertThat(TEMPLATE.render(context)).isEqualTo(c.get("expected"));
    }
}
