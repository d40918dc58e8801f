package r1j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import r1j.dialogue.PresetChoice;
import r1j.engine.generate.ChatPrompt;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.settings.MaxTokensDefault;
import r1j.engine.settings.RequestedSettings;
import r1j.engine.settings.SettingsResolver;

/**
 * {@code r1j chat}: a multi-turn terminal chat that follows the model's usage rules (system text folded into the
 * first user turn, the answer starting from the template's {@code <think>\n}) and shows the thinking apart from the
 * answer, like Ollama's {@code run}.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Interactive multi-turn chat in the terminal (/reset starts over, /exit or Ctrl-D quits).")
final class ChatCommand implements Callable<Integer> {
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    @Mixin
    ModelOptions model;

    @Mixin
    KernelOptions kernels;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    ChatTemplateOption template;

    @Option(names = "--system", paramLabel = "TEXT",
            description = "System instructions (folded into the first user turn, as the model's authors advise).")
    String system;

    @Option(names = "--hide-thinking", description = "Do not print the model's reasoning.")
    boolean hideThinking;

    @Option(names = "--no-color", description = "Plain text output (no dimmed thinking).")
    boolean noColor;

    @Option(names = "--conversation", paramLabel = "ID|new",
            description = "Keep the chat as a stored conversation (new, or the id of one to resume).")
    String conversation;

    @Option(names = "--domain", paramLabel = "FILE",
            description = "Domain file (YAML/JSON: intents and slots) for a new conversation's state tracking.")
    java.nio.file.Path domain;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean color = !noColor && System.console() != null;
        kernels.apply();
        try (LoadedModel loaded = template.load(model.path());
             BatchEngine engine = BatchEngine.oneAtATime(loaded, model.threads, model.contextSize)) {
            System.err.println("r1j: kernels " + loaded.kernelSummary());
            int contextSize = engine.options().maxModelLen();
            SettingsResolver resolver = SamplingOptions.resolver(loaded, contextSize);
            if (conversation != null) {
                // Without --temperature a stored conversation's reply takes a task preset's, as over HTTP.
                RequestedSettings requested = sampling;
                PresetChoice presets = SettingsResolver.presetApplies(requested)
                        ? new PresetChoice(null, preset -> resolver.resolveReply(requested, preset)) : null;
                return new ConversationChat(loaded, engine, out, color).run(in, store, conversation, domain, system,
                        resolver.resolveReply(requested), presets, hideThinking);
            }
            out.printf("r1j chat — %s (%d layers, context %d). /reset starts over, /exit quits.%n",
                    loaded.name(), loaded.config().layers(), contextSize);
            List<Map<String, Object>> history = new ArrayList<>();
            for (String line; (line = nextLine(in, out)) != null; ) {
                if (line.strip().equals("/reset")) {
                    history.clear();
                    out.println("(conversation cleared)");
                    continue;
                }
                history.add(message("user", line));
                List<Map<String, Object>> messages = new ArrayList<>(history);
                if (system != null && !system.isBlank()) messages.add(0, message("system", system));
                String prompt = ChatPrompt.render(loaded, ChatPrompt.foldSystemIntoFirstUser(messages), null, true);
                int[] ids = loaded.tokenizer().encodeWithBos(prompt);
                if (contextSize - ids.length <= 1) {
                    history.remove(history.size() - 1);
                    out.println("(the conversation no longer fits the context window of " + contextSize
                            + " tokens; /reset to start over)");
                    continue;
                }
                ReasoningSplitter splitter = new ReasoningSplitter(ReasoningSplitter.promptOpensReasoning(prompt));
                AnswerPrinter printer = new AnswerPrinter(out, color, hideThinking, splitter.inReasoning());
                // A given --max-tokens is cut to what the context leaves: later turns have less room.
                GenerationSettings settings = resolver.resolveWithinContext(sampling, MaxTokensDefault.REST_OF_CONTEXT,
                        ids.length, "prompt");
                GenerationResult result = engine.submit(new GenerationRequest(ids, settings))
                        .await((id, delta) -> printer.print(splitter.feed(delta)));
                printer.print(splitter.finish());
                printer.end();
                history.add(message("assistant", printer.answer()));
                out.printf("%s[prompt %d tok (%d reused) %.1f tok/s | answer %d tok %.1f tok/s | %s]%s%n",
                        color ? DIM : "", result.promptTokens(), result.cachedPromptTokens(),
                        result.promptTokensPerSecond(), result.tokens().length, result.generatedTokensPerSecond(),
                        result.finishReason().name().toLowerCase(java.util.Locale.ROOT), color ? RESET : "");
            }
        }
        return 0;
    }

    /** The next non-blank line typed at the {@code >>>} prompt; null at end of input, /exit or /bye. */
    static String nextLine(BufferedReader in, PrintStream out) throws java.io.IOException {
        while (true) {
            out.print(">>> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit") || line.strip().equals("/bye")) return null;
            if (!line.isBlank()) return line;
        }
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** Prints thinking (dimmed, under a "Thinking…" header) and the answer as they stream. */
    private static final class AnswerPrinter {
        private final PrintStream out;
        private final boolean color;
        private final boolean hideThinking;
        private final StringBuilder answer = new StringBuilder();
        private boolean thinkingShown;
        private boolean answerStarted;

        AnswerPrinter(PrintStream out, boolean color, boolean hideThinking, boolean startsThinking) {
            this.out = out;
            this.color = color;
            this.hideThinking = hideThinking;
            if (startsThinking) {
                out.println(color ? DIM + "Thinking…" + RESET : "Thinking…");
                thinkingShown = true;
            }
        }

        void print(ReasoningSplitter.Delta d) {
            if (!d.reasoning().isEmpty() && !hideThinking) {
                out.print(color ? DIM + d.reasoning() + RESET : d.reasoning());
            }
            if (!d.content().isEmpty()) {
                String text = d.content();
                if (!answerStarted) {
                    text = text.stripLeading();
                    if (text.isEmpty()) return;
                    if (thinkingShown) out.println(color ? DIM + "\n…done thinking." + RESET + "\n" : "\n…done thinking.\n");
                    answerStarted = true;
                }
                answer.append(text);
                out.print(text);
            }
            out.flush();
        }

        void end() {
            out.println();
        }

        String answer() {
            return answer.toString();
        }
    }
}
