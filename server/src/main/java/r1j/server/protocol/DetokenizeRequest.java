package r1j.server.protocol;

import java.util.List;

/** {@code POST /detokenize}. */
public record DetokenizeRequest(String model, List<Integer> tokens) {}
