package r1j.dialogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.dialogue.context.ContextOverflowException;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.domain.DomainException;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventCodec;
import r1j.dialogue.events.EventMeta;
import r1j.dialogue.events.ReplyStats;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.dialogue.store.ConversationBusyException;
import r1j.dialogue.store.ConversationNotFoundException;
import r1j.dialogue.store.ConversationStore;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.dialogue.store.TestPostgres;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.runtime.GenerationStream;
import r1j.engine.runtime.TokenEvent;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.engine.settings.TaskPreset;

class ConversationServiceTest {
    private static final Path DOMAIN_FILE = Path.of("src/test/resources/domains/restaurant.yaml");
    private static TinyModel tiny;
    private static Path tempRoot;

    @BeforeAll
    static void load() throws Exception {
        tiny = new TinyModel(1024);
        tempRoot = Files.createTempDirectory("r1j-dialogue-test");
    }

    @AfterAll
    static void close() throws Exception {
        tiny.close();
        try (Stream<Path> files = Files.walk(tempRoot)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    enum Db { SQLITE, POSTGRES }

    static Stream<Db> stores() {
        return Stream.of(Db.SQLITE, Db.POSTGRES);
    }

    private static ConversationStore open(Db db) throws Exception {
        return switch (db) {
            case SQLITE -> JdbcConversationStore.sqlite(Files.createTempDirectory(tempRoot, "sqlite"));
            case POSTGRES -> JdbcConversationStore.open(TestPostgres.get().freshDatabase());
        };
    }

    private static JsonNode domain() throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Files.readString(DOMAIN_FILE));
    }

    private static ConversationService service(ConversationStore store, DialogueModel model, Duration wait) {
        return new ConversationService(store, model, Clock.fixed(Instant.parse("2025-02-10T12:00:00Z"), ZoneOffset.UTC), wait);
    }

    private static SendSettings settings(Tracker.Mode mode) {
        SamplingParams sampling = SamplingParams.of(SamplingOverrides.builder().temperature(0.0).build());
        return new SendSettings(new GenerationSettings(sampling, 12, List.of(), false), "You book tables.", mode,
                SendSettings.ContextPolicy.DROP_OLDEST);
    }

    /** The scripted conversation: rules, then a turn with model tracking, a rewind and one more turn. */
    private static List<String> script(ConversationService service, String id) {
        List<String> streamed = new ArrayList<>();
        TurnListener listener = new TurnListener() {
            @Override
            public void onContent(String delta) {
                streamed.add(delta);
            }

            @Override
            public void onStateChange(ConversationEvent event) {
                streamed.add("[" + event.type() + "]");
            }
        };
        service.sendMessage(id, "I'd like to book a table for 4 people", settings(Tracker.Mode.RULES), listener);
        service.sendMessage(id, "on 2025-03-01, italian please", settings(Tracker.Mode.RULES), listener);
        service.sendMessage(id, "and a window seat", settings(Tracker.Mode.RULES_AND_MODEL), listener);
        service.rewind(id, 2);
        service.sendMessage(id, "actually make it 6 people, thai", settings(Tracker.Mode.RULES), listener);
        return streamed;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void slots_carry_over_across_turns_and_newer_rules_override_them(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            ConversationService service = service(store, tiny.dialogue, Duration.ZERO);
            String id = service.create(domain(), Map.of("user", "ann")).id();
            script(service, id);
            ConversationState s = service.state(id, null);
            assertThat(s.turn()).isEqualTo(3);
            assertThat(s.intent().name()).isEqualTo("book_table");
            assertThat(s.slot("guests").value().asInt()).isEqualTo(6);
            assertThat(s.slot("date").value().asText()).isEqualTo("2025-03-01");
            assertThat(s.slot("date").turn()).as("carried over from turn 2").isEqualTo(2);
            assertThat(s.slot("cuisine").value().asText()).isEqualTo("thai");
            assertThat(s.slots()).doesNotContainKey("extras"); // turn 3 was rewound away
            assertThat(service.state(id, 1).slot("guests").value().asInt()).isEqualTo(4);
            assertThat(s.messages()).filteredOn(m -> m.role() == Message.Role.ASSISTANT).allMatch(Message::complete).hasSize(3);
            assertThat(service.events(id)).filteredOn(e -> e instanceof ConversationEvent.Rewound).hasSize(1);
        }
    }

    @Test
    void sqlite_and_postgresql_give_identical_results_for_the_same_script() throws Exception {
        List<String> views = new ArrayList<>();
        for (Db db : Db.values()) {
            try (ConversationStore store = open(db)) {
                ConversationService service = service(store, tiny.dialogue, Duration.ZERO);
                String id = service.create(domain(), Map.of("user", "ann")).id();
                List<String> streamed = script(service, id);
                List<String> events = service.events(id).stream().map(e -> e.type() + " " + e.meta().seq() + " " + e.meta().turn()
                        + " " + e.meta().at() + " " + EventCodec.payload(e)).toList();
                ObjectNode state = EventCodec.json().valueToTree(service.state(id, null));
                state.remove("conversationId");
                // Timings differ from run to run; everything else must be identical.
                views.add((String.join("\n", events) + "\n" + state + "\n" + streamed)
                        .replaceAll("\"(thinkingMs|durationMs|tokensPerS)\":[0-9.E-]+", "\"$1\":0"));
            }
        }
        assertThat(views.get(1)).isEqualTo(views.get(0));
        assertThat(views.get(0)).contains("SlotSet").contains("\"source\":\"RULE\"");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void model_tracking_output_is_valid_for_the_domain_schema(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            ConversationService service = service(store, tiny.dialogue, Duration.ZERO);
            String id = service.create(domain(), Map.of()).id();
            TurnResult r = service.sendMessage(id, "hello there", settings(Tracker.Mode.RULES_AND_MODEL), TurnListener.NONE);
            // Whatever the random model wrote, every model-sourced change is a legal value of its slot.
            for (ConversationEvent e : r.stateChanges()) {
                if (e instanceof ConversationEvent.SlotSet s && s.source() == ValueSource.MODEL) {
                    assertThat(List.of("guests", "date", "cuisine", "vegetarian", "booking_ref", "extras")).contains(s.name());
                    if (s.name().equals("cuisine")) assertThat(List.of("italian", "thai", "french")).contains(s.value().asText());
                }
            }
            assertThat(r.trackingMillis()).isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void unknown_ids_are_not_found_and_bad_domains_are_rejected(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            ConversationService service = service(store, tiny.dialogue, Duration.ZERO);
            for (Runnable call : List.<Runnable>of(() -> service.get("nope"), () -> service.events("nope"),
                    () -> service.state("nope", 1), () -> service.delete("nope"), () -> service.rewind("nope", 0),
                    () -> service.sendMessage("nope", "hi", settings(Tracker.Mode.RULES), TurnListener.NONE))) {
                assertThatThrownBy(call::run).isInstanceOf(ConversationNotFoundException.class).hasMessageContaining("'nope'");
            }
            JsonNode bad = EventCodec.json().readTree("{\"slots\":[{\"name\":\"x\",\"type\":\"colour\"}]}");
            assertThatThrownBy(() -> service.create(bad, Map.of())).isInstanceOf(DomainException.class).hasMessageContaining("slots[0].type");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void listing_pages_and_filters_by_metadata_and_delete_removes(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            AtomicInteger clock = new AtomicInteger();
            ConversationService service = new ConversationService(store, null,
                    new Clock() {
                        public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
                        public Clock withZone(java.time.ZoneId zone) { return this; }
                        public Instant instant() { return Instant.ofEpochSecond(1_000 + clock.incrementAndGet()); }
                    }, Duration.ZERO);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) ids.add(service.create(null, Map.of("team", i % 2 == 0 ? "a" : "b", "n", "" + i)).id());
            var page = service.list(0, 2, Map.of());
            assertThat(page.items()).extracting(r -> r.id()).containsExactly(ids.get(4), ids.get(3));
            assertThat(page.hasMore()).isTrue();
            assertThat(service.list(4, 2, Map.of()).hasMore()).isFalse();
            assertThat(service.list(0, 10, Map.of("team", "a")).items()).extracting(r -> r.id()).containsExactly(ids.get(4), ids.get(2), ids.get(0));
            assertThat(service.list(0, 10, Map.of("team", "a", "n", "2")).items()).extracting(r -> r.id()).containsExactly(ids.get(2));
            service.delete(ids.get(2));
            assertThat(service.list(0, 10, Map.of("team", "a")).items()).hasSize(2);
            assertThatThrownBy(() -> service.get(ids.get(2))).isInstanceOf(ConversationNotFoundException.class);
            assertThat(service.get(ids.get(0)).conversation().metadata()).containsEntry("team", "a");

            // Replacing the metadata replaces it whole, and the filter follows the new values.
            assertThat(service.replaceMetadata(ids.get(0), Map.of("team", "b", "title", "Renamed")).metadata())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("team", "b", "title", "Renamed"));
            assertThat(service.get(ids.get(0)).conversation().metadata()).doesNotContainKey("n");
            assertThat(service.list(0, 10, Map.of("team", "a")).items()).extracting(r -> r.id()).containsExactly(ids.get(4));
            assertThat(service.list(0, 10, Map.of("title", "Renamed")).items()).extracting(r -> r.id()).containsExactly(ids.get(0));
            assertThatThrownBy(() -> service.replaceMetadata(ids.get(2), Map.of()))
                    .isInstanceOf(ConversationNotFoundException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_second_send_on_a_busy_conversation_is_rejected_and_a_waiting_one_is_serialised(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            DialogueModel slow = tiny.with((TestEngine) request -> {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return tiny.engine.submit(request);
            });
            ConversationService rejecting = service(store, slow, Duration.ZERO);
            String id = rejecting.create(domain(), Map.of()).id();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<TurnResult> first = pool.submit(() -> rejecting.sendMessage(id, "book a table for 2 people", settings(Tracker.Mode.RULES), TurnListener.NONE));
                assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
                assertThatThrownBy(() -> rejecting.sendMessage(id, "for 3 people", settings(Tracker.Mode.RULES), TurnListener.NONE))
                        .isInstanceOf(ConversationBusyException.class);
                release.countDown();
                first.get(60, TimeUnit.SECONDS);

                ConversationService waiting = service(store, tiny.dialogue, Duration.ofSeconds(60));
                List<Future<TurnResult>> both = List.of(
                        pool.submit(() -> waiting.sendMessage(id, "for 3 people", settings(Tracker.Mode.RULES), TurnListener.NONE)),
                        pool.submit(() -> waiting.sendMessage(id, "for 5 people", settings(Tracker.Mode.RULES), TurnListener.NONE)));
                for (Future<TurnResult> f : both) f.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            // Never interleaved: each turn's events are contiguous, user message first and reply last.
            List<ConversationEvent> events = store.events(id);
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).meta().turn()).isGreaterThanOrEqualTo(events.get(i - 1).meta().turn());
                assertThat(events.get(i).meta().seq()).isEqualTo(i + 1);
            }
            assertThat(events.stream().map(ConversationEvent::type).filter(t -> t.endsWith("Message")).toList())
                    .containsExactly("UserMessage", "AssistantMessage", "UserMessage", "AssistantMessage", "UserMessage", "AssistantMessage");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void the_store_rejects_an_append_whose_expected_seq_is_stale(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            store.create("c1", null, Map.of(), Instant.EPOCH);
            EventMeta m = new EventMeta("c1", 1, 1, Instant.EPOCH);
            store.append("c1", 0, List.of(new ConversationEvent.UserMessage(m, "a")), Instant.EPOCH);
            assertThatThrownBy(() -> store.append("c1", 0, List.of(new ConversationEvent.UserMessage(m, "b")), Instant.EPOCH))
                    .isInstanceOf(ConversationBusyException.class);
            assertThat(store.events("c1")).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void each_reply_is_stored_with_its_thinking_time_and_token_counts(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            // Three thinking tokens (the last closes the thinking), a pause, then two answer tokens.
            List<Double> temperatures = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Integer> promptLengths = new java.util.concurrent.CopyOnWriteArrayList<>();
            DialogueModel scripted = tiny.with((TestEngine) request -> {
                temperatures.add(request.settings().sampling().temperature());
                promptLengths.add(request.prompt().length);
                GenerationStream stream = new GenerationStream();
                Thread.ofVirtual().start(() -> {
                    stream.emit(new TokenEvent.Token(1, "Let me "));
                    stream.emit(new TokenEvent.Token(2, "see."));
                    sleep(60);
                    stream.emit(new TokenEvent.Token(3, "</think>"));
                    stream.emit(new TokenEvent.Token(4, "Four"));
                    stream.emit(new TokenEvent.Token(5, "."));
                    stream.emit(new TokenEvent.Finished(new r1j.engine.generate.GenerationResult(new int[] {1, 2, 3, 4, 5},
                            "", r1j.engine.generate.FinishReason.STOP, 9, 0, 1_000_000, 400_000_000)));
                });
                return stream;
            });
            ConversationService service = service(store, scripted, Duration.ZERO);
            String id = service.create(null, Map.of()).id();
            SendSettings plain = settings(Tracker.Mode.OFF);
            PresetChoice reasoning = new PresetChoice(TaskPreset.REASONING, preset -> new GenerationSettings(
                    SamplingParams.of(SamplingOverrides.builder().temperature(preset.temperature()).build()), 12,
                    List.of(), false));
            TurnResult r = service.sendMessage(id, "2+2?", new SendSettings(plain.reply(), null, Tracker.Mode.OFF,
                    SendSettings.ContextPolicy.DROP_OLDEST, reasoning), TurnListener.NONE);

            assertThat(temperatures).as("the preset's temperature reached the engine").containsExactly(0.5);
            ReplyStats stats = r.reply().stats();
            assertThat(stats.preset()).isEqualTo("reasoning");
            assertThat(stats.reasoningTokens()).isEqualTo(3);
            assertThat(stats.answerTokens()).isEqualTo(2);
            assertThat(stats.promptTokens()).isEqualTo(promptLengths.getFirst());
            assertThat(stats.tokensPerS()).isEqualTo(10.0);  // 4 tokens after the first in 0.4 s
            assertThat(stats.thinkingMs()).isGreaterThanOrEqualTo(60L).isLessThanOrEqualTo(stats.durationMs());
            // Stored: a read of the log (a reload) gives the same numbers with the message.
            Message stored = service.state(id, null).messages().get(1);
            assertThat(stored.stats()).isEqualTo(stats);
            assertThat(stored.finishReason()).isEqualTo("stop");
            assertThat(stored.content()).isEqualTo("Four.");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_failed_or_cancelled_generation_leaves_the_turn_with_an_incomplete_reply(Db db) throws Exception {
        try (ConversationStore store = open(db)) {
            DialogueModel failing = tiny.with((TestEngine) request -> {
                GenerationStream stream = new GenerationStream();
                stream.emit(new TokenEvent.Token(-1, "</think>partial "));
                stream.emit(new TokenEvent.Failed(new IllegalStateException("engine died")));
                return stream;
            });
            ConversationService service = service(store, failing, Duration.ZERO);
            String id = service.create(null, Map.of()).id();
            assertThatThrownBy(() -> service.sendMessage(id, "hi", settings(Tracker.Mode.OFF), TurnListener.NONE)).hasMessageContaining("engine died");
            ConversationState s = service.state(id, null);
            assertThat(s.messages()).extracting(Message::role).containsExactly(Message.Role.USER, Message.Role.ASSISTANT);
            assertThat(s.messages().get(1).complete()).isFalse();
            assertThat(s.messages().get(1).content()).isEqualTo("partial ");

            // An engine that honours the cancel at once: the real tiny engine writes its 12 tokens in a few ms, so on
            // a busy machine it sometimes finished before the reader asked, and the turn came back complete.
            DialogueModel stoppable = tiny.with((TestEngine) request -> {
                GenerationStream stream = new GenerationStream();
                stream.onCancel(() -> stream.emit(new TokenEvent.Finished(new GenerationResult(new int[0], "",
                        FinishReason.CANCELLED, request.prompt().length, 0, 0, 0))));
                stream.emit(new TokenEvent.Token(-1, "</think>cut "));
                return stream;
            });
            ConversationService cancelling = service(store, stoppable, Duration.ZERO);
            TurnResult r = cancelling.sendMessage(id, "again", settings(Tracker.Mode.OFF), new TurnListener() {
                @Override
                public boolean isCancelled() {
                    return true;
                }
            });
            assertThat(r.reply().complete()).isFalse();
            assertThat(r.generation().finishReason().name()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void summarising_overflow_writes_a_summary_event_and_keeps_the_prompt_under_the_limit() throws Exception {
        try (ConversationStore store = open(Db.SQLITE)) {
            List<Integer> promptSizes = new ArrayList<>();
            DialogueModel small = new DialogueModel(tiny.model, 512, (TestEngine) request -> {
                promptSizes.add(request.prompt().length + request.settings().maxTokens());
                return tiny.engine.submit(request);
            }, tiny.dialogue.trie());
            ConversationService service = service(store, small, Duration.ZERO);
            String id = service.create(domain(), Map.of()).id();
            SendSettings summarise = new SendSettings(new GenerationSettings(SamplingParams.greedy(), 16, List.of(), false), null,
                    Tracker.Mode.RULES, SendSettings.ContextPolicy.SUMMARIZE);
            for (int i = 0; i < 10; i++) {
                service.sendMessage(id, "turn " + i + ": book a table for 4 people, " + "we love the italian menu ".repeat(5), summarise, TurnListener.NONE);
            }
            assertThat(service.events(id)).anyMatch(e -> e instanceof ConversationEvent.SummaryWritten);
            assertThat(promptSizes).allMatch(n -> n <= 512);
            assertThat(service.state(id, null).summary().throughTurn()).isGreaterThan(0);

            SendSettings disabled = new SendSettings(new GenerationSettings(SamplingParams.greedy(), 16, List.of(), false), null,
                    Tracker.Mode.OFF, SendSettings.ContextPolicy.DISABLED);
            String other = service.create(null, Map.of()).id();
            service.sendMessage(other, "a ".repeat(260), disabled, TurnListener.NONE);
            long before = service.events(other).size();
            assertThatThrownBy(() -> service.sendMessage(other, "b ".repeat(260), disabled, TurnListener.NONE))
                    .isInstanceOf(ContextOverflowException.class).hasMessageContaining("truncation is disabled");
            assertThat(service.events(other)).as("nothing stored on an overflow error").hasSize((int) before);
        }
    }
}
