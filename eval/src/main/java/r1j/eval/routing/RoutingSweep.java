package r1j.eval.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import r1j.eval.run.SampleRecord;
import r1j.router.decide.EdgeAnswer;
import r1j.router.decide.Escalation;
import r1j.router.decide.RequestFeatures;
import r1j.router.decide.Router;

/**
 * Replays routing offline over an edge run and a centre run of the same dataset and sampling. Sample k of question q
 * on the edge pairs with sample k of question q on the centre; each pair is answered by one side at each threshold.
 * Scores come from the router itself over the request the eval sent, so the curve is the one the server would follow.
 */
public final class RoutingSweep {
    /** Above every score (they are capped at 1): nothing goes to the centre. */
    static final double NONE = 1.01;

    private final Router router;
    private final Escalation escalation;

    public RoutingSweep(Router router, Escalation escalation) {
        this.router = router;
        this.escalation = escalation;
    }

    /**
     * @param requestOf the request body sent for question {@code q}
     */
    public RoutingCurve sweep(IntFunction<ObjectNode> requestOf, List<SampleRecord> edge, List<SampleRecord> centre) {
        Map<Long, SampleRecord> centreByKey = new HashMap<>();
        for (SampleRecord c : centre) centreByKey.put(c.key(), c);
        Map<Integer, RequestFeatures> features = new HashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (SampleRecord e : edge) {
            SampleRecord c = centreByKey.get(e.key());
            if (c == null) continue; // failed on the centre: no comparison possible
            RequestFeatures f = features.computeIfAbsent(e.question(), q -> RequestFeatures.of(requestOf.apply(q)));
            boolean escalates = escalation.signal(f, new EdgeAnswer(e.content() == null ? "" : e.content(),
                    e.finishReason() == null ? "" : e.finishReason(), 0, Double.NaN)).isPresent();
            pairs.add(new Pair(router.score(f), e.correct(), c.correct(), escalates));
        }
        int n = pairs.size();
        double edgeAcc = n == 0 ? Double.NaN : pairs.stream().filter(Pair::edgeCorrect).count() / (double) n;
        double centreAcc = n == 0 ? Double.NaN : pairs.stream().filter(Pair::centreCorrect).count() / (double) n;
        TreeSet<Double> thresholds = new TreeSet<>();
        pairs.forEach(p -> thresholds.add(p.score));
        thresholds.add(NONE);
        List<RoutingCurve.Point> score = new ArrayList<>();
        List<RoutingCurve.Point> cascade = new ArrayList<>();
        for (double t : thresholds) {
            int toCentre = 0;
            int correct = 0;
            int cascadeToCentre = 0;
            int cascadeCorrect = 0;
            for (Pair p : pairs) {
                boolean routed = p.score >= t;
                if (routed) toCentre++;
                if (routed ? p.centreCorrect : p.edgeCorrect) correct++;
                boolean viaCascade = routed || p.escalates;
                if (viaCascade) cascadeToCentre++;
                if (viaCascade ? p.centreCorrect : p.edgeCorrect) cascadeCorrect++;
            }
            if (n == 0) continue;
            score.add(RoutingCurve.Point.of(t, toCentre / (double) n, correct / (double) n, edgeAcc, centreAcc));
            cascade.add(RoutingCurve.Point.of(t, cascadeToCentre / (double) n, cascadeCorrect / (double) n, edgeAcc,
                    centreAcc));
        }
        return new RoutingCurve(router.config().version(), n, edgeAcc, centreAcc, router.config().threshold(), score,
                cascade);
    }

    private record Pair(double score, boolean edgeCorrect, boolean centreCorrect, boolean escalates) {}
}
