package r1j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import r1j.dialogue.ConversationService;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.store.ConversationPage;
import r1j.dialogue.store.ConversationRecord;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.server.conversations.ConversationViews;
import r1j.server.http.Json;

/**
 * {@code r1j conversations list|show|export}: reads the conversation store the server and {@code chat} write, and
 * prints what {@code /v1/conversations} would answer (the same views and the server's one JSON mapper: snake_case,
 * lower-case enum values), so scripts can read either.
 */
@Command(name = "conversations", mixinStandardHelpOptions = true,
        description = "List, show or export stored conversations (the same store as serve and chat --conversation).",
        subcommands = {ConversationsCommand.List.class, ConversationsCommand.Show.class, ConversationsCommand.Export.class})
final class ConversationsCommand {
    private static PrintStream out() {
        return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    private static ConversationService service(JdbcConversationStore store) {
        return new ConversationService(store, null, Clock.systemUTC(), Duration.ZERO);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Conversations, newest first (JSON lines).")
    static final class List implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (default: ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--offset", paramLabel = "N", description = "Skip the first N.")
        int offset;

        @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Only those with this metadata (repeatable).")
        Map<String, String> metadata = Map.of();

        @Override
        public Integer call() throws Exception {
            try (JdbcConversationStore s = store.open()) {
                ConversationPage page = service(s).list(offset, Math.min(limit, ConversationService.MAX_PAGE), metadata);
                PrintStream out = out();
                for (ConversationRecord c : page.items()) {
                    out.println(Json.MAPPER.writeValueAsString(ConversationViews.conversation(c, null)));
                }
                if (page.hasMore()) System.err.println("(more: --offset " + (offset + page.items().size()) + ")");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A conversation and its current state (JSON).")
    static final class Show implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--turn", paramLabel = "N", description = "The state as it was at the end of turn N.")
        Integer turn;

        @Override
        public Integer call() throws Exception {
            try (JdbcConversationStore s = store.open()) {
                ConversationService service = service(s);
                Object shown;
                if (turn == null) {
                    var view = service.get(id);
                    shown = ConversationViews.conversation(view.conversation(), view.state());
                } else {
                    shown = ConversationViews.state(service.state(id, turn));
                }
                out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Every event of a conversation (JSON lines).")
    static final class Export implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            try (JdbcConversationStore s = store.open()) {
                PrintStream out = out();
                for (ConversationEvent e : service(s).events(id)) {
                    out.println(Json.MAPPER.writeValueAsString(ConversationViews.event(e)));
                }
            }
            return 0;
        }
    }
}
