package r1j.router.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads and checks {@code route.yaml}. Unknown fields are errors (a misspelt {@code treshold} silently keeping the
 * default would route every request wrongly), and so is a missing upstream key variable: better to fail at start than
 * to send every centre request unauthenticated.
 */
public final class RouteConfigLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private RouteConfigLoader() {}

    /** Reads {@code file}, looking up {@code api_key_env} variables with {@link System#getenv(String)}. */
    public static RouteConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** As {@link #load(Path)}, with the environment given (tests). */
    public static RouteConfig load(Path file, java.util.function.Function<String, String> env) {
        RouteConfig config;
        JsonNode tree = null;
        try {
            // A tree first: when a value has the wrong type its field's path finds it again for the message.
            tree = YAML.readTree(Files.readAllBytes(file));
            config = tree == null || tree.isMissingNode() ? null : YAML.treeToValue(tree, RouteConfig.class);
        } catch (NoSuchFileException e) {
            throw new RouteConfigException(file, null, null, "no such file");
        } catch (UnrecognizedPropertyException e) {
            throw new RouteConfigException(file, path(e), e.getPropertyName(), "unknown field; known: "
                    + e.getKnownPropertyIds());
        } catch (InvalidFormatException e) {
            throw new RouteConfigException(file, path(e), e.getValue(), "expected " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new RouteConfigException(file, path(e), valueAt(tree, e), "expected " + typeName(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new RouteConfigException(file, path(e), null, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new RouteConfigException(file, null, null, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RouteConfigException(file, null, null, "cannot be read: " + e.getMessage());
        }
        if (config == null) throw new RouteConfigException(file, null, null, "is empty");
        check(file, config, env);
        return config;
    }

    private static void check(Path file, RouteConfig c, java.util.function.Function<String, String> env) {
        if (c.version() == null || c.version().isBlank()) {
            throw new RouteConfigException(file, "version", c.version(), "must name the rule set (it is reported with"
                    + " every routed answer)");
        }
        if (!(c.threshold() >= 0)) throw new RouteConfigException(file, "threshold", c.threshold(), "must be >= 0");
        RouteConfig.Features f = c.features();
        nonNegative(file, "features.prompt_length", f.promptLength());
        nonNegative(file, "features.math", f.math());
        nonNegative(file, "features.code", f.code());
        nonNegative(file, "features.multi_step", f.multiStep());
        nonNegative(file, "features.max_tokens", f.maxTokens());
        nonNegative(file, "features.conversation", f.conversation());
        positive(file, "features.long_prompt_tokens", f.longPromptTokens());
        positive(file, "features.long_answer_tokens", f.longAnswerTokens());
        positive(file, "features.long_conversation_turns", f.longConversationTurns());
        if (c.upstreams().isEmpty()) {
            throw new RouteConfigException(file, "upstreams", null, "at least one upstream (the centre) is needed");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < c.upstreams().size(); i++) {
            RouteConfig.Upstream u = c.upstreams().get(i);
            String at = "upstreams[" + i + "].";
            if (u.name() == null || u.name().isBlank()) throw new RouteConfigException(file, at + "name", u.name(), "is required");
            if (!u.name().matches("[A-Za-z0-9_.-]+")) {
                throw new RouteConfigException(file, at + "name", u.name(), "use letters, digits, '_', '.' or '-'"
                        + " (it becomes a metrics label and a header value)");
            }
            if (!names.add(u.name())) throw new RouteConfigException(file, at + "name", u.name(), "is used twice");
            checkUrl(file, at + "url", u.url());
            if (u.apiKeyEnv() != null) {
                String key = env.apply(u.apiKeyEnv());
                if (key == null || key.isEmpty()) {
                    // The variable's name is safe to print; its value never is.
                    throw new RouteConfigException(file, at + "api_key_env", u.apiKeyEnv(), "the environment variable"
                            + " is not set");
                }
            }
            positive(file, at + "connect_timeout_ms", u.connectTimeoutMs());
            positive(file, at + "timeout_ms", u.timeoutMs());
            if (u.retries() < 0) throw new RouteConfigException(file, at + "retries", u.retries(), "must be >= 0");
            if (u.retryBudgetMs() < 0) {
                throw new RouteConfigException(file, at + "retry_budget_ms", u.retryBudgetMs(), "must be >= 0");
            }
        }
        RouteConfig.Breaker b = c.breaker();
        if (b.failureRatePercent() < 1 || b.failureRatePercent() > 100) {
            throw new RouteConfigException(file, "breaker.failure_rate_percent", b.failureRatePercent(),
                    "must be in [1, 100]");
        }
        positive(file, "breaker.window_calls", b.windowCalls());
        positive(file, "breaker.minimum_calls", b.minimumCalls());
        positive(file, "breaker.open_ms", b.openMs());
        Double floor = c.escalate().minMeanLogprob();
        if (floor != null && !(floor <= 0)) {
            throw new RouteConfigException(file, "escalate.min_mean_logprob", floor, "a log-probability is <= 0");
        }
    }

    private static void checkUrl(Path file, String field, String url) {
        if (url == null) throw new RouteConfigException(file, field, null, "is required");
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new RouteConfigException(file, field, url, "must be an http:// or https:// URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new RouteConfigException(file, field, "(a URL with credentials)", "put the key in the"
                        + " environment and name it with api_key_env; URLs are logged");
            }
        } catch (URISyntaxException e) {
            throw new RouteConfigException(file, field, url, "is not a URL: " + e.getReason());
        }
    }

    private static void nonNegative(Path file, String field, double value) {
        if (!(value >= 0)) throw new RouteConfigException(file, field, value, "must be >= 0");
    }

    private static void positive(Path file, String field, int value) {
        if (value <= 0) throw new RouteConfigException(file, field, value, "must be > 0");
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The offending value as written in the file, or null when it is not a scalar. */
    private static String valueAt(JsonNode tree, JsonMappingException e) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (node == null) return null;
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node != null && node.isValueNode() ? node.asText() : null;
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class) return "an integer";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type == java.util.List.class) return "a list";
        return type == null ? "another type" : type.getSimpleName();
    }
}
