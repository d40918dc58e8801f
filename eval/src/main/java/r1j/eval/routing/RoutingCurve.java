package r1j.eval.routing;

import java.util.List;

/**
 * Accuracy against the share of requests sent to the centre, swept over the threshold.
 *
 * @param rule            route.yaml's {@code version}
 * @param pairs           samples answered by both edge and centre (the curve's population)
 * @param edgeAccuracy    accuracy with every request on the edge (share 0)
 * @param centreAccuracy  accuracy with every request on the centre (share 1)
 * @param configuredThreshold the threshold route.yaml sets, for marking its point
 * @param score           routing before generating only, one point per distinct score
 * @param cascade         the same, plus escalation of edge answers showing a signal (route.yaml's {@code escalate})
 */
public record RoutingCurve(String rule, int pairs, double edgeAccuracy, double centreAccuracy,
        double configuredThreshold, List<Point> score, List<Point> cascade) {

    /**
     * One threshold's outcome.
     *
     * @param threshold      requests scoring at or above it go to the centre (above 1: none does)
     * @param centreShare    share of samples the centre answered
     * @param accuracy       accuracy of the routed answers
     * @param randomAccuracy expected accuracy of a router sending a random {@code centreShare} of the requests to the
     *                       centre: exactly {@code (1 - share) * edge + share * centre}, no sampling
     * @param gain           {@code accuracy - randomAccuracy}: what the rule is worth at this cost
     */
    public record Point(double threshold, double centreShare, double accuracy, double randomAccuracy, double gain) {
        static Point of(double threshold, double share, double accuracy, double edge, double centre) {
            double random = (1 - share) * edge + share * centre;
            return new Point(threshold, share, accuracy, random, accuracy - random);
        }
    }
}
