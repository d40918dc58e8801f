package r1j.server.http;

import io.javalin.config.JavalinConfig;
import java.util.List;

/**
 * {@code --allowed-origins}: lets browser apps on other origins call the API (CORS), as vLLM's flag of the same
 * name. With no origins (the default) the server sends no CORS headers and browsers keep cross-origin pages out;
 * {@code *} must be given explicitly. Preflight requests ({@code OPTIONS} with {@code Access-Control-Request-Method})
 * are answered without the API key, since browsers never send credentials on them; the actual request still needs
 * it (see the root package's {@code Routes}).
 */
public final class CrossOrigin {
    static final String ANY = "*";

    private CrossOrigin() {}

    public static void configure(JavalinConfig c, List<String> origins) {
        if (origins.isEmpty()) return;
        c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
            if (origins.contains(ANY)) {
                rule.anyHost();
            } else {
                rule.allowHost(origins.getFirst(), origins.subList(1, origins.size()).toArray(String[]::new));
            }
            // A page's script may read a 503's advice on when to retry.
            rule.exposeHeader("Retry-After");
        }));
    }
}
