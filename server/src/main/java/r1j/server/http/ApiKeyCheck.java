package r1j.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code --api-key}: a {@code /v1} request must carry {@code Authorization: Bearer KEY}. */
public final class ApiKeyCheck implements Handler {
    private static final String BEARER = "Bearer ";

    private final byte[] key;

    public ApiKeyCheck(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException.Unauthorized("missing API key: send the header 'Authorization: Bearer YOUR_KEY'");
        }
        byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant-time, so the comparison's duration does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given, key)) {
            throw new ApiException.Unauthorized("incorrect API key provided");
        }
    }
}
