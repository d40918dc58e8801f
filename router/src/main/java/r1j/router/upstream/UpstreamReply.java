package r1j.router.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A centre's complete (non-streamed) answer and which upstream gave it. */
public record UpstreamReply(String upstream, ObjectNode body) {}
