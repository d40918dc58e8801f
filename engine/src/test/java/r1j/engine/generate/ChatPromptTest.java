package r1j.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import r1j.engine.model.LoadedModel;
import r1j.testkit.Fixtures;

class ChatPromptTest {

    @Test
    void system_text_is_folded_into_the_first_user_turn() {
        var folded = ChatPrompt.foldSystemIntoFirstUser(List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi"),
                Map.of("role", "assistant", "content", "Hello"),
                Map.of("role", "user", "content", "Bye")));
        assertThat(folded).extracting(m -> m.get("role")).containsExactly("user", "assistant", "user");
        assertThat(folded.get(0).get("content")).isEqualTo("Be brief.\n\nHi");
        assertThat(folded.get(2).get("content")).isEqualTo("Bye");
    }

    @Test
    void without_a_system_message_nothing_changes() {
        var folded = ChatPrompt.foldSystemIntoFirstUser(List.of(Map.of("role", "user", "content", "Hi")));
        assertThat(folded).containsExactly(Map.of("role", "user", "content", "Hi"));
    }

    @Test
    void renders_with_the_models_own_template_and_ends_inside_think() throws IOException {
        try (LoadedModel m = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf"))) {
            String prompt = ChatPrompt.render(m, ChatPrompt.foldSystemIntoFirstUser(List.of(
                    Map.of("role", "system", "content", "Be brief."),
                    Map.of("role", "user", "content", "Hi"))), null, true);
            assertThat(prompt).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>Be brief.\n\nHi<｜Assistant｜><think>\n");
            int[] ids = m.tokenizer().encodeWithBos(prompt);
            assertThat(ids[0]).isEqualTo(m.tokenizer().bos());
            assertThat(ids[1]).isNotEqualTo(m.tokenizer().bos());
        }
    }
}
