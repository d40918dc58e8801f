package r1j.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where a webjar's files are served: Javalin serves {@code META-INF/resources/webjars/NAME/VERSION/...} under
 * {@code /webjars/}, and the version is read from the jar's own Maven properties so the pom stays the one place it is
 * written.
 */
public final class Webjars {
    private Webjars() {}

    /**
     * The path, relative to the server root and ending in '/', of the webjar {@code groupId:artifactId}'s files.
     *
     * @throws IllegalStateException when the webjar is not on the classpath (a packaging mistake)
     */
    public static String base(String groupId, String artifactId) {
        return "webjars/" + artifactId + "/" + version(groupId, artifactId) + "/";
    }

    static String version(String groupId, String artifactId) {
        String properties = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Webjars.class.getResourceAsStream(properties)) {
            if (in == null) throw new IllegalStateException("the " + artifactId + " webjar is not on the classpath (" + properties + ")");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + properties, e);
        }
    }
}
