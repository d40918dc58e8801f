package r1j.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import r1j.agent.tool.ToolException;

/**
 * An HTTP tool's URL with {@code {argument}} placeholders, allowed in the path and the query only: the scheme and
 * host are fixed when the file is read, so the host a tool reaches never depends on what the model writes.
 * Values are percent-encoded; arguments no placeholder uses become query parameters or the JSON body.
 */
public final class UrlTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final String template;
    private final URI base;
    private final Set<String> placeholders;

    private UrlTemplate(String template, URI base, Set<String> placeholders) {
        this.template = template;
        this.base = base;
        this.placeholders = placeholders;
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code template} */
    public static UrlTemplate parse(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        Set<String> names = new LinkedHashSet<>();
        while (m.find()) names.add(m.group(1));
        String filled = m.replaceAll("x");
        if (filled.indexOf('{') >= 0 || filled.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a placeholder is written {name}, with letters, digits, '_', '.' or '-'");
        }
        URI uri;
        try {
            uri = new URI(filled);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("the URL has no host");
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials go in headers (from environment variables), not the URL");
        }
        int authorityEnd = template.indexOf('/', template.indexOf("//") + 2);
        String head = authorityEnd < 0 ? template : template.substring(0, authorityEnd);
        if (PLACEHOLDER.matcher(head).find()) {
            throw new IllegalArgumentException("placeholders may appear in the path and query only, not in the host");
        }
        if (uri.getRawFragment() != null) throw new IllegalArgumentException("the URL must not have a #fragment");
        return new UrlTemplate(template, uri, names);
    }

    /** The host every expansion keeps. */
    public String host() {
        return base.getHost();
    }

    public Set<String> placeholders() {
        return placeholders;
    }

    /**
     * The URL for {@code arguments}: placeholders filled, then the other arguments appended as query parameters
     * when {@code restAsQuery} (arrays repeat the parameter, objects go as JSON text, nulls are left out).
     */
    public URI expand(ObjectNode arguments, boolean restAsQuery) throws ToolException {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            JsonNode value = arguments.get(m.group(1));
            if (value == null || value.isNull()) {
                throw new ToolException("missing argument '" + m.group(1) + "' (the URL needs it)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode(text(value))));
        }
        m.appendTail(out);
        if (restAsQuery) {
            List<String> pairs = new ArrayList<>();
            for (var field : arguments.properties()) {
                if (placeholders.contains(field.getKey())) continue;
                JsonNode v = field.getValue();
                if (v.isNull()) continue;
                if (v.isArray()) {
                    for (JsonNode item : v) pairs.add(encode(field.getKey()) + "=" + encode(text(item)));
                } else {
                    pairs.add(encode(field.getKey()) + "=" + encode(text(v)));
                }
            }
            if (!pairs.isEmpty()) {
                char last = out.charAt(out.length() - 1);
                String separator = out.indexOf("?") < 0 ? "?" : last == '?' || last == '&' ? "" : "&";
                out.append(separator).append(String.join("&", pairs));
            }
        }
        try {
            return new URI(out.toString());
        } catch (URISyntaxException e) {
            throw new ToolException("the arguments do not make a valid URL: " + e.getMessage());
        }
    }

    /** Arguments that are not placeholders: they form the JSON body of a POST. */
    public ObjectNode rest(ObjectNode arguments) {
        ObjectNode rest = arguments.deepCopy();
        rest.remove(placeholders);
        return rest;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
