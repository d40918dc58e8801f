package r1j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import r1j.dialogue.ConversationService;
import r1j.dialogue.PresetChoice;
import r1j.dialogue.SendSettings;
import r1j.dialogue.TurnListener;
import r1j.dialogue.TurnResult;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;

/**
 * {@code r1j chat --conversation ID|new}: the terminal chat on a stored conversation, so it can be resumed later
 * (and read by the server). State changes the tracker makes are shown as they are stored.
 */
final class ConversationChat {
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final LoadedModel model;
    private final BatchEngine engine;
    private final PrintStream out;
    private final boolean color;

    ConversationChat(LoadedModel model, BatchEngine engine, PrintStream out, boolean color) {
        this.model = model;
        this.engine = engine;
        this.out = out;
        this.color = color;
    }

    int run(BufferedReader in, StoreOptions storeOptions, String conversation, Path domainFile, String system,
            GenerationSettings reply, PresetChoice presets, boolean hideThinking) throws IOException {
        try (JdbcConversationStore store = storeOptions.open()) {
            DialogueModel dialogueModel = DialogueModel.of(model, engine.options().maxModelLen(), engine);
            ConversationService service = new ConversationService(store, dialogueModel, Clock.systemDefaultZone(),
                    Duration.ZERO);
            String id = conversation;
            if ("new".equals(conversation)) {
                JsonNode domain = domainFile == null ? null : new YAMLMapper().readTree(Files.readString(domainFile));
                id = service.create(domain, Map.of("source", "r1j chat")).id();
                out.println("conversation " + id + " (resume with --conversation " + id + ")");
            } else {
                if (domainFile != null) System.err.println("r1j: --domain applies to new conversations only; ignored");
                ConversationState state = service.get(id).state();
                out.printf("resuming conversation %s at turn %d%n", id, state.turn());
                for (Message m : state.messages()) {
                    if (m.role() == Message.Role.USER) out.println(">>> " + m.content());
                    else if (m.role() == Message.Role.ASSISTANT) out.println(m.content());
                }
            }
            SendSettings settings = new SendSettings(reply, system, Tracker.Mode.RULES_AND_MODEL,
                    SendSettings.ContextPolicy.DROP_OLDEST, presets);
            for (String line; (line = ChatCommand.nextLine(in, out)) != null; ) {
                TurnResult r = service.sendMessage(id, line, settings, new Printer(hideThinking));
                out.println();
                String preset = r.reply().stats() == null || r.reply().stats().preset() == null ? ""
                        : " | " + r.reply().stats().preset() + " preset";
                out.printf("%s[turn %d | %d answer tokens %.1f tok/s | tracking %.0f ms | %s%s]%s%n", dim(), r.turn(),
                        r.generation().tokens().length, r.generation().generatedTokensPerSecond(), r.trackingMillis(),
                        r.generation().finishReason().name().toLowerCase(java.util.Locale.ROOT), preset, reset());
            }
        }
        return 0;
    }

    private String dim() {
        return color ? DIM : "";
    }

    private String reset() {
        return color ? RESET : "";
    }

    /** Shows state changes and thinking dimmed, the answer plainly. */
    private final class Printer implements TurnListener {
        private final boolean hideThinking;
        private boolean thinking;

        Printer(boolean hideThinking) {
            this.hideThinking = hideThinking;
        }

        @Override
        public void onStateChange(ConversationEvent event) {
            String what = switch (event) {
                case ConversationEvent.IntentDetected e -> "intent " + e.name() + " (" + e.source() + ")";
                case ConversationEvent.SlotSet e -> "slot " + e.name() + " = " + e.value() + " (" + e.source() + ")";
                case ConversationEvent.SlotReset e -> "slot " + e.name() + " reset";
                case ConversationEvent.SummaryWritten e -> "summary through turn " + e.throughTurn();
                default -> event.type();
            };
            out.println(dim() + "[" + what + "]" + reset());
        }

        @Override
        public void onReasoning(String delta) {
            if (hideThinking) return;
            if (!thinking) {
                out.println(dim() + "Thinking…" + reset());
                thinking = true;
            }
            out.print(dim() + delta + reset());
            out.flush();
        }

        @Override
        public void onContent(String delta) {
            if (thinking) {
                out.println(dim() + "\n…done thinking." + reset() + "\n");
                thinking = false;
            }
            out.print(delta);
            out.flush();
        }
    }
}
