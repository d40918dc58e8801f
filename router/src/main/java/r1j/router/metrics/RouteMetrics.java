package r1j.router.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests and tokens per route, and upstream failures per upstream and reason. Thread-safe; read as sorted
 * snapshots so the exposition is stable.
 */
public final class RouteMetrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> promptTokens = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> completionTokens = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> escalations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> fallbacks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    public RouteMetrics() {
        // Both routes show from the start, at zero, so a dashboard's rate() has a series before the first request.
        for (String route : new String[] {"edge", "centre"}) {
            requests.put(route, new LongAdder());
            promptTokens.put(route, new LongAdder());
            completionTokens.put(route, new LongAdder());
        }
    }

    /** One answered request, its route ({@code edge} or {@code centre}) and its usage when known. */
    public void answered(String route, long prompt, long completion) {
        add(requests, route, 1);
        add(promptTokens, route, prompt);
        add(completionTokens, route, completion);
    }

    /** Tokens spent on {@code route} for a request answered elsewhere (an edge answer that was escalated). */
    public void spent(String route, long prompt, long completion) {
        add(promptTokens, route, prompt);
        add(completionTokens, route, completion);
    }

    public void escalated(String reason) {
        add(escalations, reason, 1);
    }

    public void fellBack(String reason) {
        add(fallbacks, reason, 1);
    }

    public void upstreamFailure(String upstream, String reason) {
        add(failures, upstream + "\u0000" + reason, 1);
    }

    public Map<String, Long> requests() {
        return snapshot(requests);
    }

    public Map<String, Long> promptTokens() {
        return snapshot(promptTokens);
    }

    public Map<String, Long> completionTokens() {
        return snapshot(completionTokens);
    }

    public Map<String, Long> escalations() {
        return snapshot(escalations);
    }

    public Map<String, Long> fallbacks() {
        return snapshot(fallbacks);
    }

    /** Keyed by upstream and reason, separated by a NUL (neither can contain one). */
    public Map<String, Long> upstreamFailures() {
        return snapshot(failures);
    }

    private static void add(Map<String, LongAdder> map, String key, long n) {
        map.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
