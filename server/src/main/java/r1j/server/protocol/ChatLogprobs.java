package r1j.server.protocol;

import java.util.List;

/** A chat choice's {@code logprobs}: one entry per generated token, in order. */
public record ChatLogprobs(List<Entry> content) {
    /** A token: its text, log-probability, UTF-8 bytes and the most likely alternatives. */
    public record Entry(String token, double logprob, int[] bytes, List<Top> topLogprobs) {}

    public record Top(String token, double logprob, int[] bytes) {}
}
