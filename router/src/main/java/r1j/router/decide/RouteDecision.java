package r1j.router.decide;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where one request went and why: reported in the {@code x-r1j-route} header and the body's {@code route} field.
 *
 * @param target   {@code edge} or {@code centre}
 * @param score    the request's feature score
 * @param rule     the route.yaml {@code version} that decided
 * @param upstream the centre upstream that answered; null on the edge
 * @param reason   why: {@code score_below_threshold}, {@code score_at_threshold}, {@code escalated_*},
 *                 {@code fallback_*} (the centre failed and the edge answered), {@code unrouted_conversation}
 */
public record RouteDecision(Target target, double score, String rule, String upstream, String reason) {

    /** Lower-case on the wire, as every enum of the API. */
    public enum Target {
        EDGE, CENTRE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RouteDecision toCentre(String upstreamName, String why) {
        return new RouteDecision(Target.CENTRE, score, rule, upstreamName, why);
    }

    public RouteDecision toEdge(String why) {
        return new RouteDecision(Target.EDGE, score, rule, null, why);
    }

    /**
     * Whether a poor edge answer may still go to the centre: only when the edge was chosen by the score. After a
     * fallback the centre has just failed, and a stored conversation cannot leave the edge.
     */
    public boolean escalable() {
        return target == Target.EDGE && reason.equals("score_below_threshold");
    }

    /** {@code centre; score=0.620; rule=v3; upstream=big; reason=score_at_threshold}. */
    public String header() {
        return target.wire() + "; score=" + String.format(Locale.ROOT, "%.3f", score) + "; rule=" + rule
                + "; upstream=" + (upstream == null ? "none" : upstream) + "; reason=" + reason;
    }

    /** The body's {@code route} field. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target.wire());
        m.put("score", Math.round(score * 1000) / 1000.0);
        m.put("rule", rule);
        m.put("upstream", upstream);
        m.put("reason", reason);
        return m;
    }
}
