package r1j.dialogue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import r1j.dialogue.context.ContextOverflowException;
import r1j.dialogue.context.ContextWindow;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.context.PromptPlan;
import r1j.dialogue.context.Summarizer;
import r1j.dialogue.context.ToolOffer;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.DomainLoader;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventMeta;
import r1j.dialogue.events.ReplyMeter;
import r1j.dialogue.events.ReplyStats;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.store.ConversationBusyException;
import r1j.dialogue.store.ConversationNotFoundException;
import r1j.dialogue.store.ConversationPage;
import r1j.dialogue.store.ConversationRecord;
import r1j.dialogue.store.ConversationStore;
import r1j.dialogue.tracking.StateChange;
import r1j.dialogue.tools.EventLog;
import r1j.dialogue.tools.ToolTurn;
import r1j.dialogue.tools.ToolUse;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.sampling.SamplingParams;
import r1j.engine.settings.TaskPreset;

/**
 * Everything the conversation API does, with plain records in and out, so HTTP routes and CLI commands stay thin.
 *
 * <p>A message is answered in this order: track (rules, then the model), plan the prompt (drop or summarise old
 * turns), <b>commit</b> the user message with its state changes, generate while streaming, then <b>commit</b> the
 * reply (with the server's tools, {@link ToolUse}: each tool-loop step, a reply, its calls, their results, is
 * committed as it happens, see {@link ToolTurn}). A crash while generating therefore leaves the turn without a reply
 * (never a half-written one); a cancelled
 * or failed generation stores what was streamed, marked incomplete. An overflow with
 * {@link SendSettings.ContextPolicy#DISABLED} stores nothing.
 *
 * <p>Two requests on one conversation: an in-process lock per conversation lets one through (the other waits up
 * to {@code lockWait}, then gets {@link ConversationBusyException}); across processes sharing a database the
 * store's optimistic seq check rejects the later writer the same way. Turns are never interleaved.
 */
public final class ConversationService {
    /** Most conversations one list call returns. */
    public static final int MAX_PAGE = 100;

    private final ConversationStore store;
    private final DialogueModel model;
    private final Clock clock;
    private final Duration lockWait;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Domain> domains = new ConcurrentHashMap<>();

    /**
     * @param model    null for a service that only stores and reads (sending then fails)
     * @param lockWait how long a second request on a busy conversation waits before {@link ConversationBusyException}
     */
    public ConversationService(ConversationStore store, DialogueModel model, Clock clock, Duration lockWait) {
        this.store = store;
        this.model = model;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    /** @param domain the domain as JSON (null = memory only); checked now, a bad one is a {@link r1j.dialogue.domain.DomainException} */
    public ConversationRecord create(JsonNode domain, Map<String, String> metadata) {
        if (domain != null && !domain.isNull()) DomainLoader.fromTree(domain, "domain");
        String id = "conv_" + UUID.randomUUID().toString().replace("-", "");
        return store.create(id, domain == null || domain.isNull() ? null : domain, metadata, now());
    }

    public ConversationPage list(int offset, int limit, Map<String, String> metadataFilter) {
        return store.list(offset, Math.min(limit, MAX_PAGE), metadataFilter);
    }

    public ConversationView get(String id) {
        ConversationRecord r = record(id);
        return new ConversationView(r, ConversationState.fold(id, store.events(id)));
    }

    public List<ConversationEvent> events(String id) {
        return store.events(id);
    }

    /** The state at the end of {@code turn} (null = now). */
    public ConversationState state(String id, Integer turn) {
        List<ConversationEvent> events = store.events(id);
        return turn == null ? ConversationState.fold(id, events) : ConversationState.fold(id, events, turn);
    }

    /** Replaces the metadata (a title, tags); the conversation's messages and state are untouched. */
    public ConversationRecord replaceMetadata(String id, Map<String, String> metadata) {
        return store.replaceMetadata(id, metadata, now());
    }

    public void delete(String id) {
        withLock(id, () -> {
            if (!store.delete(id)) throw new ConversationNotFoundException(id);
            domains.remove(id);
            return null;
        });
        locks.remove(id);
    }

    /** Drops turns after {@code toTurn} from the timeline (they stay in the event log); returns the new state. */
    public ConversationState rewind(String id, int toTurn) {
        return withLock(id, () -> {
            ConversationState state = ConversationState.fold(id, store.events(id));
            if (toTurn < 0 || toTurn > state.turn()) {
                throw new IllegalArgumentException("cannot rewind conversation '" + id + "' to turn " + toTurn
                        + ": it is at turn " + state.turn());
            }
            ConversationEvent e = new ConversationEvent.Rewound(new EventMeta(id, state.lastSeq() + 1, toTurn, now()), toTurn);
            store.append(id, state.lastSeq(), List.of(e), e.meta().at());
            return ConversationState.fold(id, store.events(id));
        });
    }

    /** Answers {@code text} in conversation {@code id}: tracks, stores, generates, streams to {@code listener}. */
    public TurnResult sendMessage(String id, String text, SendSettings settings, TurnListener listener) {
        return sendMessage(id, text, settings, ToolUse.NONE, listener);
    }

    /**
     * As {@link #sendMessage(String, String, SendSettings, TurnListener)}; with {@code tools} active the answer is
     * the agent's tool loop (model turn, calls run, results appended, again, up to the step limit), every step
     * stored as it happens and told to {@code listener}.
     *
     * @throws IllegalArgumentException when {@code tools}' choice cannot be met (checked before anything is stored)
     */
    public TurnResult sendMessage(String id, String text, SendSettings settings, ToolUse tools, TurnListener listener) {
        if (model == null) throw new IllegalStateException("this conversation service has no model to answer with");
        if (text == null || text.isBlank()) throw new IllegalArgumentException("the message is empty");
        tools.check();
        return withLock(id, () -> answer(id, text, settings, tools, listener));
    }

    private TurnResult answer(String id, String text, SendSettings settings, ToolUse tools, TurnListener listener) {
        Domain domain = domain(id);
        List<ConversationEvent> log = store.events(id);
        ConversationState before = ConversationState.fold(id, log);
        int turn = before.turn() + 1;
        Instant at = now();
        List<ConversationEvent> pending = new ArrayList<>();
        Sequencer seq = new Sequencer(id, before.lastSeq(), turn, at);
        pending.add(new ConversationEvent.UserMessage(seq.next(), text));

        Tracker.Outcome tracked = new Tracker(domain, model)
                .track(before, text, settings.tracking(), LocalDate.ofInstant(at, clock.getZone()), trackingSampling(settings));
        for (StateChange c : tracked.changes()) pending.add(c.toEvent(seq.next()));

        ContextWindow window = new ContextWindow(model.model(), model.contextSize());
        PromptPlan plan = plan(window, domain, id, log, pending, settings);
        if (settings.overflow() == SendSettings.ContextPolicy.SUMMARIZE && plan.droppedThrough() > 0) {
            ConversationState now = stateWith(id, log, pending);
            int covered = now.summary() == null ? 0 : now.summary().throughTurn();
            if (plan.droppedThrough() > covered) {
                String summary = new Summarizer(model).summarize(now, plan.droppedThrough(), trackingSampling(settings));
                pending.add(new ConversationEvent.SummaryWritten(seq.next(), summary, plan.droppedThrough()));
                plan = plan(window, domain, id, log, pending, settings);
            }
        }
        store.append(id, before.lastSeq(), pending, at); // durable before any reply text leaves
        List<ConversationEvent> changes = pending.subList(1, pending.size());
        changes.forEach(listener::onStateChange);
        TaskPreset preset = settings.presets() == null ? null
                : settings.presets().choose(stateWith(id, log, pending).intent(), text);
        GenerationSettings replySettings = preset == null ? settings.reply() : settings.presets().resolve().apply(preset);
        String presetName = preset == null ? null : preset.apiName();
        if (tools.active()) return answerWithTools(id, text, turn, seq, window, domain, settings, replySettings,
                presetName, tools, listener, changes, tracked.nanos() / 1e6);

        ReasoningSplitter splitter = new ReasoningSplitter(ReasoningSplitter.promptOpensReasoning(plan.text()));
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        GenerationResult result;
        ReplyMeter meter = new ReplyMeter(plan.tokens().length);
        try {
            result = model.engine().submit(new GenerationRequest(plan.tokens(), replySettings))
                    .await((tokenId, delta) -> {
                        ReasoningSplitter.Delta d = splitter.feed(delta);
                        meter.token(d);
                        emit(d, content, reasoning, listener);
                    }, listener::isCancelled);
        } catch (RuntimeException e) {
            emit(splitter.finish(), content, reasoning, listener);
            storeReply(id, seq, content, reasoning, false, "error", meter.finish(null, presetName));
            throw e;
        }
        emit(splitter.finish(), content, reasoning, listener);
        boolean complete = result.finishReason() != FinishReason.CANCELLED;
        ConversationEvent.AssistantMessage reply = storeReply(id, seq, content, reasoning, complete,
                result.finishReason().name().toLowerCase(Locale.ROOT), meter.finish(result, presetName));
        ConversationState after = ConversationState.fold(id, store.events(id));
        return new TurnResult(turn, reply, changes, after, result, tracked.nanos() / 1e6);
    }

    /**
     * The tool loop's answer: each model turn is planned from the log as it now stands (the steps so far included),
     * and each step is appended to the log as it happens.
     */
    private TurnResult answerWithTools(String id, String text, int turn, Sequencer seq, ContextWindow window,
            Domain domain, SendSettings settings, GenerationSettings replySettings, String presetName, ToolUse tools,
            TurnListener listener, List<ConversationEvent> changes, double trackingMillis) {
        EventLog log = event -> {
            Instant at = now();
            ConversationEvent e = event.apply(seq.nextAt(at));
            store.append(id, e.meta().seq() - 1, List.of(e), at);
            return e;
        };
        ToolTurn.Outcome outcome = ToolTurn.run(model,
                offer -> plan(window, domain, id, store.events(id), List.of(), settings, offer), log, replySettings,
                presetName, text, tools, listener);
        ConversationState after = ConversationState.fold(id, store.events(id));
        return new TurnResult(turn, outcome.reply(), changes, after, outcome.generation(), trackingMillis,
                outcome.toolEvents());
    }

    private PromptPlan plan(ContextWindow window, Domain domain, String id, List<ConversationEvent> log,
            List<ConversationEvent> pending, SendSettings settings) {
        return plan(window, domain, id, log, pending, settings, ToolOffer.NONE);
    }

    private PromptPlan plan(ContextWindow window, Domain domain, String id, List<ConversationEvent> log,
            List<ConversationEvent> pending, SendSettings settings, ToolOffer tools) {
        ConversationState state = stateWith(id, log, pending);
        PromptPlan plan = window.build(domain, state, settings.system(), settings.reply().maxTokens(), tools);
        if (settings.overflow() == SendSettings.ContextPolicy.DISABLED && plan.droppedThrough() > (state.summary() == null ? 0 : state.summary().throughTurn())) {
            throw new ContextOverflowException("the conversation needs more than the context window of " + model.contextSize()
                    + " tokens (with " + settings.reply().maxTokens() + " for the reply) and truncation is disabled");
        }
        return plan;
    }

    private static ConversationState stateWith(String id, List<ConversationEvent> log, List<ConversationEvent> pending) {
        List<ConversationEvent> all = new ArrayList<>(log);
        all.addAll(pending);
        return ConversationState.fold(id, all);
    }

    private ConversationEvent.AssistantMessage storeReply(String id, Sequencer seq, CharSequence content, CharSequence reasoning,
            boolean complete, String finishReason, ReplyStats stats) {
        Instant at = now();
        ConversationEvent.AssistantMessage reply = new ConversationEvent.AssistantMessage(seq.nextAt(at), content.toString(),
                reasoning.toString(), complete, finishReason, stats);
        store.append(id, reply.meta().seq() - 1, List.of(reply), at);
        return reply;
    }

    private static void emit(ReasoningSplitter.Delta d, StringBuilder content, StringBuilder reasoning, TurnListener listener) {
        if (!d.reasoning().isEmpty()) {
            reasoning.append(d.reasoning());
            listener.onReasoning(d.reasoning());
        }
        if (!d.content().isEmpty()) {
            content.append(d.content());
            listener.onContent(d.content());
        }
    }

    /** Tracking and summaries want the likeliest reading, not variety: always greedy, whatever the reply uses. */
    private static SamplingParams trackingSampling(SendSettings settings) {
        return SamplingParams.greedy();
    }

    private Domain domain(String id) {
        return domains.computeIfAbsent(id, key -> {
            JsonNode d = record(key).domain();
            return d == null ? Domain.EMPTY : DomainLoader.fromTree(d, "conversation " + key + " domain");
        });
    }

    private ConversationRecord record(String id) {
        return store.find(id).orElseThrow(() -> new ConversationNotFoundException(id));
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private <T> T withLock(String id, java.util.function.Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        boolean locked;
        try {
            locked = lock.tryLock(lockWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversationBusyException("interrupted while waiting for conversation '" + id + "'");
        }
        if (!locked) throw new ConversationBusyException("conversation '" + id + "' is busy with another request");
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Hands out the seqs of one turn's events in order. */
    private static final class Sequencer {
        private final String id;
        private final int turn;
        private final Instant at;
        private long last;

        Sequencer(String id, long last, int turn, Instant at) {
            this.id = id;
            this.last = last;
            this.turn = turn;
            this.at = at;
        }

        EventMeta next() {
            return nextAt(at);
        }

        EventMeta nextAt(Instant when) {
            return new EventMeta(id, ++last, turn, when);
        }
    }
}
