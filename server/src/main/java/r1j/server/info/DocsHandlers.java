package r1j.server.info;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import r1j.server.http.Webjars;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 description of every route (a resource kept beside this class), and
 * {@code GET /docs}: Swagger UI over it. The UI's files come from the swagger-ui webjar on the classpath (served by
 * Javalin under {@code /webjars/}), never from a CDN: the server may have no internet. Neither needs the API key.
 */
public final class DocsHandlers {
    static final String SPEC_RESOURCE = "openapi.json";

    private final byte[] spec;
    private final String page;

    public DocsHandlers() {
        this.spec = resource(DocsHandlers.class, SPEC_RESOURCE);
        this.page = page(Webjars.base("org.webjars", "swagger-ui"));
    }

    public void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(spec);
    }

    public void docs(Context ctx) {
        ctx.status(200).contentType("text/html; charset=utf-8").result(page);
    }

    /** Links are relative, so the page also works behind a proxy that mounts the server under a path. */
    private static String page(String ui) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>r1j API</title>
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true});
                  </script>
                </body>
                </html>
                """.formatted(ui);
    }

    private static byte[] resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " is missing beside " + owner.getName());
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
