package r1j.server.routing;

import java.nio.file.Path;
import java.util.function.Function;
import r1j.router.config.RouteConfig;
import r1j.router.config.RouteConfigLoader;
import r1j.router.decide.Escalation;
import r1j.router.decide.Router;
import r1j.router.metrics.RouteMetrics;
import r1j.router.upstream.Centre;

/** Everything routing needs, built once from route.yaml: the rule, the cascade, the centre and the counters. */
public record RouteSetup(Router router, Escalation escalation, Centre centre, RouteMetrics metrics) {

    public static RouteSetup load(Path routeYaml) {
        return of(RouteConfigLoader.load(routeYaml), System::getenv);
    }

    public static RouteSetup of(RouteConfig config, Function<String, String> env) {
        RouteMetrics metrics = new RouteMetrics();
        return new RouteSetup(new Router(config), new Escalation(config.escalate()), Centre.of(config, env, metrics),
                metrics);
    }

    /** One line for the start-up banner: rule version, threshold, upstream names and URLs (never keys). */
    public String describe() {
        RouteConfig c = router.config();
        StringBuilder s = new StringBuilder("rule ").append(c.version()).append(", threshold ").append(c.threshold())
                .append(", centre:");
        for (RouteConfig.Upstream u : c.upstreams()) {
            s.append(' ').append(u.name()).append('=').append(u.url());
            if (u.apiKeyEnv() != null) s.append(" (key from $").append(u.apiKeyEnv()).append(')');
        }
        return s.toString();
    }
}
