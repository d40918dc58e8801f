package r1j.router.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import r1j.router.config.RouteConfig;
import r1j.router.metrics.RouteMetrics;

/**
 * The centre: its upstreams in route.yaml's order. A call goes to the first that answers; when none does the last
 * failure is thrown and the router falls back to the edge.
 */
public final class Centre {
    private final List<Upstream> upstreams;

    public Centre(List<Upstream> upstreams) {
        if (upstreams.isEmpty()) throw new IllegalArgumentException("the centre needs at least one upstream");
        this.upstreams = List.copyOf(upstreams);
    }

    /** The upstreams of {@code config}, their keys read through {@code env}. */
    public static Centre of(RouteConfig config, Function<String, String> env, RouteMetrics metrics) {
        List<Upstream> list = new ArrayList<>();
        for (RouteConfig.Upstream u : config.upstreams()) {
            list.add(new Upstream(u, u.apiKeyEnv() == null ? null : env.apply(u.apiKeyEnv()), config.breaker(),
                    metrics));
        }
        return new Centre(list);
    }

    public List<Upstream> upstreams() {
        return upstreams;
    }

    public UpstreamReply complete(ObjectNode request) throws UpstreamFailure {
        return firstAnswering(u -> u.complete(request));
    }

    public UpstreamStream stream(ObjectNode request) throws UpstreamFailure {
        return firstAnswering(u -> u.stream(request));
    }

    /** One exchange with one upstream. */
    private interface Exchange<T> {
        T with(Upstream upstream) throws UpstreamFailure;
    }

    /** The upstreams in route.yaml's order: the first that answers wins; when none does, the last failure. */
    private <T> T firstAnswering(Exchange<T> exchange) throws UpstreamFailure {
        UpstreamFailure last = null;
        for (Upstream u : upstreams) {
            try {
                return exchange.with(u);
            } catch (UpstreamFailure e) {
                last = e;
            }
        }
        throw last;
    }
}
