package r1j.engine.template;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's Jinja chat template, rendered with the semantics Hugging Face {@code transformers} uses (Python jinja2
 * with {@code trim_blocks}, {@code lstrip_blocks}, loop controls, {@code {% generation %}}, and the globals
 * {@code raise_exception} and {@code strftime_now}). Compiled once, immutable, safe to share between threads.
 */
public final class ChatTemplate {
    private final List<Node> body;
    private final Clock clock;

    private ChatTemplate(List<Node> body, Clock clock) {
        this.body = body;
        this.clock = clock;
    }

    /** Parses the template; a syntax error becomes a {@link TemplateException} with line and column. */
    public static ChatTemplate compile(String source) {
        Objects.requireNonNull(source, "template source");
        return new ChatTemplate(List.copyOf(Parser.parse(source)), Clock.systemDefaultZone());
    }

    /** The same template with {@code strftime_now} reading the given clock (tests pin the date). */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(body, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Renders with plain Java context values (String, Number, Boolean, null, List, Map as Jackson produces them).
     * Errors, including the template's own {@code raise_exception(msg)}, surface as {@link TemplateException}.
     */
    public String render(Map<String, ?> context) {
        Map<String, Value> values = new HashMap<>();
        context.forEach((k, v) -> values.put(k, Value.fromJava(v)));
        return new Interpreter(LocalDateTime.now(clock)).render(body, values);
    }

    /**
     * Convenience for the usual call: {@code messages}, {@code tools} (omitted when null, as transformers does),
     * {@code add_generation_prompt}, and any extra variables such as {@code bos_token} or {@code enable_thinking}.
     */
    public String renderChat(List<? extends Map<String, ?>> messages, List<? extends Map<String, ?>> tools,
            boolean addGenerationPrompt, Map<String, ?> extraVars) {
        Map<String, Object> context = new HashMap<>();
        if (extraVars != null) context.putAll(extraVars);
        context.put("messages", messages);
        if (tools != null) context.put("tools", tools);
        context.put("add_generation_prompt", addGenerationPrompt);
        return render(context);
    }
}
