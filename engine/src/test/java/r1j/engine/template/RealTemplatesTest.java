package r1j.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.testkit.Fixtures;

/**
 * Other models' real chat templates, each rendered over the reference conversations: output must match Python jinja2
 * exactly, and cases the template itself refuses (raise_exception) must throw.
 */
class RealTemplatesTest {
    private static final Path DIR = Fixtures.resolve("chat-template/real-templates");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock FIXTURE_DATE =
            Clock.fixed(LocalDate.of(2026, 7, 26).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
    private static final Map<String, ChatTemplate> COMPILED = new ConcurrentHashMap<>();

    /** Cases known not to match yet, "model/conversation/gen" -> why. A listed case that passes fails the test. */
    private static final Map<String, String> KNOWN_FAILURES = Map.of();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cases.jsonl")).sorted().toList()) {
                String model = p.getFileName().toString().replace(".cases.jsonl", "");
                for (String line : Files.readAllLines(p)) {
                    if (line.isBlank()) continue;
                    Map<?, ?> c = JSON.readValue(line, Map.class);
                    String id = model + "/" + c.get("conversation") + "/" + (Boolean.TRUE.equals(c.get("add_generation_prompt")) ? "gen" : "nogen");
                    all.add(Arguments.of(id, model, line));
                }
            }
        }
        return all.stream();
    }

    private static ChatTemplate template(String model) {
        return COMPILED.computeIfAbsent(model, m -> {
            try {
                return ChatTemplate.compile(Files.readString(DIR.resolve(m + ".jinja"))).withClock(FIXTURE_DATE);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void renders_like_python_jinja2(String id, String model, String line) throws IOException {
        Map<String, Object> c = JSON.readValue(line, Map.class);
        Map<String, Object> context = new HashMap<>();
        context.put("messages", c.get("messages"));
        if (c.get("tools") != null) context.put("tools", c.get("tools"));
        context.put("add_generation_prompt", c.get("add_generation_prompt"));
        context.put("bos_token", "<BOS>");
        context.put("eos_token", "<EOS>");
        context.put("unk_token", "<UNK>");
        context.put("pad_token", "<PAD>");
        String knownReason = KNOWN_FAILURES.get(id);
        if (knownReason != null) {
            boolean passes;
            try {
                passes = c.containsKey("error") ? throwsTemplateException(model, context)
                        : template(model).render(context).equals(c.get("expected"));
            } catch (RuntimeException e) {
                passes = false;
            }
            if (passes) fail(id + " is listed as a known failure (" + knownReason + ") but now passes: remove it");
            return;
        }
        if (c.containsKey("error")) {
            assertThatThrownBy(() -> template(model).render(context)).isInstanceOf(TemplateException.class);
        } else {
            assertThat(template(model).render(context)).isEqualTo(c.get("expected"));
        }
    }

    private static boolean throwsTemplateException(String model, Map<String, Object> context) {
        try {
            template(model).render(context);
            return false;
        } catch (TemplateException e) {
            return true;
        }
    }
}
