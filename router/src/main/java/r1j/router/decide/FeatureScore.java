package r1j.router.decide;

import r1j.router.config.RouteConfig;

/**
 * How hard a request looks, in [0, 1]: the weighted sum of its features, capped at 1. Linear and explicit so an
 * operator can read from route.yaml why a request went where it did, and the eval can sweep the threshold over it.
 */
public final class FeatureScore {
    private final RouteConfig.Features weights;

    public FeatureScore(RouteConfig.Features weights) {
        this.weights = weights;
    }

    public double of(RequestFeatures f) {
        double sum = weights.promptLength() * saturate(f.promptTokens(), weights.longPromptTokens())
                + weights.math() * f.math()
                + weights.code() * f.code()
                + weights.multiStep() * f.multiStep()
                + weights.maxTokens() * saturate(f.maxTokens(), weights.longAnswerTokens())
                // A first turn is no conversation yet: only later turns count.
                + weights.conversation() * saturate(Math.max(0, f.userTurns() - 1), weights.longConversationTurns());
        return Math.min(1.0, sum);
    }

    private static double saturate(int value, int full) {
        return Math.min(1.0, (double) value / full);
    }
}
