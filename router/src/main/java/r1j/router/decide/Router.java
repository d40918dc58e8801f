package r1j.router.decide;

import r1j.router.config.RouteConfig;

/** The decision before generating: score the request and compare with the threshold. */
public final class Router {
    private final RouteConfig config;
    private final FeatureScore score;

    public Router(RouteConfig config) {
        this.config = config;
        this.score = new FeatureScore(config.features());
    }

    /** Centre when the score reaches the threshold; the upstream is filled in by whoever then calls it. */
    public RouteDecision decide(RequestFeatures features) {
        double s = score.of(features);
        return decide(s, config.threshold());
    }

    /** The same rule at any threshold (the eval's sweep). */
    public RouteDecision decide(double s, double threshold) {
        return s >= threshold
                ? new RouteDecision(RouteDecision.Target.CENTRE, s, config.version(), null, "score_at_threshold")
                : new RouteDecision(RouteDecision.Target.EDGE, s, config.version(), null, "score_below_threshold");
    }

    public double score(RequestFeatures features) {
        return score.of(features);
    }

    public RouteConfig config() {
        return config;
    }
}
