package r1j.router.upstream;

import java.io.InputStream;

/**
 * A centre's stream, opened (status 200 received) but not yet read: the bytes are relayed to the client unchanged.
 * The caller closes {@code body}.
 */
public record UpstreamStream(String upstream, String contentType, InputStream body) {}
