package r1j.dialogue.tracking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.state.ConversationState;
import r1j.engine.sampling.SamplingParams;

/** One user turn's tracking: rules, then (when asked and a model is there) the model, merged into the state. */
public final class Tracker {
    public enum Mode { OFF, RULES, RULES_AND_MODEL }

    /** The changes, and how long tracking took (the per-turn overhead). */
    public record Outcome(List<StateChange> changes, String modelJson, long nanos) {}

    private final Domain domain;
    private final RuleTracker rules;
    private final ModelTracker modelTracker;

    /** @param model null to track with rules only */
    public Tracker(Domain domain, DialogueModel model) {
        this.domain = domain;
        this.rules = new RuleTracker(domain);
        this.modelTracker = model == null || domain.isEmpty() ? null : new ModelTracker(domain, model);
    }

    public Outcome track(ConversationState state, String userText, Mode mode, LocalDate today, SamplingParams sampling) {
        long start = System.nanoTime();
        if (mode == Mode.OFF || domain.isEmpty()) return new Outcome(List.of(), null, 0);
        List<Proposal> proposals = new ArrayList<>();
        proposals.add(rules.propose(userText, state.intent() == null ? null : state.intent().name(), today));
        String json = null;
        if (mode == Mode.RULES_AND_MODEL && modelTracker != null) {
            ModelTracker.Result r = modelTracker.propose(state, userText, sampling);
            proposals.add(r.proposal());
            json = r.json();
        }
        return new Outcome(StateMerger.merge(domain, state, proposals), json, System.nanoTime() - start);
    }
}
