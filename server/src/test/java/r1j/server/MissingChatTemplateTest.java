package r1j.server;

import r1j.testkit.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.engine.model.LoadedModel;
import r1j.engine.template.BuiltInTemplates;

/**
 * A model file without a chat template (issue 13: every chat was a 500 IllegalStateException): chats are a 400 that
 * names the missing template and the way out, raw completions still work, and {@code --chat-template} fixes it.
 */
class MissingChatTemplateTest {
    @TempDir
    static Path dir;
    private static Path withoutTemplate;

    @BeforeAll
    static void writeModel() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf"));
        byte[] key = "tokenizer.chat_template".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(file, key);
        file[at + key.length - 1] = 'X'; // same length: the file stays valid, the key is just not the template's
        withoutTemplate = dir.resolve("no-template.gguf");
        Files.write(withoutTemplate, file);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":2}";

    @Test
    void chats_are_a_400_naming_the_missing_template_and_completions_still_work() throws IOException {
        try (TestServer server = TestServer.start(LoadedModel.load(withoutTemplate), b -> {})) {
            TestServer.Reply chat = server.post("/v1/chat/completions", CHAT);
            assertThat(chat.status()).as(chat.body()).isEqualTo(400);
            JsonNode e = chat.json().get("error");
            assertThat(e.get("code").asText()).isEqualTo("chat_template_missing");
            assertThat(e.get("message").asText()).contains("no chat template", "--chat-template", "deepseek-r1");
            assertThat(server.post("/v1/completions", "{\"prompt\":\"Hi\",\"max_tokens\":2}").status()).isEqualTo(200);
        }
    }

    @Test
    void a_built_in_template_makes_chats_work() throws IOException {
        String template = BuiltInTemplates.resolve("deepseek-r1");
        try (TestServer server = TestServer.start(LoadedModel.load(withoutTemplate, template), b -> {})) {
            TestServer.Reply chat = server.post("/v1/chat/completions", CHAT);
            assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        }
    }
}
