package r1j.dialogue.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.SlotSpec;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.IntentValue;
import r1j.dialogue.state.SlotValue;

/**
 * Merges this turn's proposals (rules, then model) into the carried-over state and returns only what changes.
 *
 * <p>Policy: within a turn the most confident proposal wins (a tie goes to the rule, which is deterministic).
 * It replaces a value from an earlier turn when its confidence is at least {@link #OVERRIDE_FACTOR} times the old
 * one's: people change their minds, so newer evidence may win with a little less certainty. That allowance is only
 * for evidence of the same kind or better: a model guess must be at least as confident as the rule value it would
 * replace (a 0.6 model guess once flipped a 0.7 rule value, since 0.6 >= 0.8 * 0.7). Slots nobody mentions carry
 * over unchanged. When the intent changes, slots declared only for other intents are reset.
 */
public final class StateMerger {
    static final double MIN_CONFIDENCE = 0.5;
    static final double OVERRIDE_FACTOR = 0.8;

    private StateMerger() {}

    public static List<StateChange> merge(Domain domain, ConversationState state, List<Proposal> proposals) {
        List<StateChange> changes = new ArrayList<>();
        IntentValue current = state.intent();
        String intent = current == null ? null : current.name();
        Optional<Proposal.IntentGuess> bestIntent = proposals.stream().map(Proposal::intent).filter(Objects::nonNull)
                .filter(g -> g.name() != null && g.confidence() >= MIN_CONFIDENCE)
                .max(Comparator.comparingDouble(Proposal.IntentGuess::confidence).thenComparing(g -> g.source() == ValueSource.RULE));
        if (bestIntent.isPresent()) {
            Proposal.IntentGuess g = bestIntent.get();
            boolean differs = !g.name().equals(intent);
            if (differs && (current == null || g.confidence() >= overrideFactor(g.source(), current.source()) * current.confidence())) {
                changes.add(new StateChange.IntentChanged(g.name(), g.confidence(), g.source()));
                intent = g.name();
                for (SlotSpec slot : domain.slots()) {
                    if (state.slots().containsKey(slot.name()) && !slot.usedBy(intent)) {
                        changes.add(new StateChange.SlotCleared(slot.name(), g.source()));
                    }
                }
            }
        }
        Map<String, Proposal.SlotGuess> best = new LinkedHashMap<>();
        for (Proposal p : proposals) {
            for (Proposal.SlotGuess g : p.slots()) {
                if (g.confidence() < MIN_CONFIDENCE) continue;
                Optional<SlotSpec> spec = domain.slot(g.name());
                if (spec.isEmpty() || !spec.get().usedBy(intent)) continue;
                Optional<com.fasterxml.jackson.databind.JsonNode> v = SlotValues.normalise(spec.get(), g.value());
                if (v.isEmpty()) continue;
                Proposal.SlotGuess normalised = new Proposal.SlotGuess(g.name(), v.get(), g.confidence(), g.source());
                best.merge(g.name(), normalised, (a, b) -> b.confidence() > a.confidence() ? b : a);
            }
        }
        for (Proposal.SlotGuess g : best.values()) {
            SlotValue old = state.slots().get(g.name());
            boolean cleared = changes.stream().anyMatch(c -> c instanceof StateChange.SlotCleared sc && sc.name().equals(g.name()));
            if (old != null && !cleared) {
                if (old.value().equals(g.value())) continue;
                if (g.confidence() < overrideFactor(g.source(), old.source()) * old.confidence()) continue;
            }
            changes.add(new StateChange.SlotChanged(g.name(), g.value(), g.confidence(), g.source()));
        }
        return changes;
    }

    /** How much less confident {@code newer} evidence may be than the {@code older} value it replaces. */
    static double overrideFactor(ValueSource newer, ValueSource older) {
        return newer == ValueSource.MODEL && older != ValueSource.MODEL ? 1.0 : OVERRIDE_FACTOR;
    }
}
