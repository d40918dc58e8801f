package r1j.engine.sampling;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text is fed as it is decoded; each call returns what may be shown now.
 * Text that could still turn out to begin a stop string is held back until the next delta decides it. When a
 * stop string appears, the text before it is released and the stop string itself (and anything after) is not.
 *
 * <p>Matching is on the concatenation of all deltas, so a stop string split across any number of deltas is
 * found. When several stop strings match, the one starting earliest wins (then the longest). After a stop, further
 * input is ignored. At the end of a stream that did not stop, {@link #flush()} releases what was held back.
 */
public final class StopSequenceMatcher {

    /**
     * What one {@link #feed} call produced.
     *
     * @param text    safe to emit now (never contains a stop string)
     * @param stop the stop string that ended the stream in this call, or null
     */
    public record Output(String text, String stop) {
        public boolean isStop() {
            return stop != null;
        }
    }

    private static final Output NOTHING = new Output("", null);

    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    /** Set by a stop or by {@link #flush()}: later input is ignored. */
    private boolean done;
    private String matchedStop;

    public StopSequenceMatcher(List<String> stops) {
        for (String stop : stops) {
            if (stop == null || stop.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
        }
        this.stops = List.copyOf(stops);
    }

    /** Adds {@code delta} to the stream and returns what can be emitted. */
    public Output feed(String delta) {
        if (done) return NOTHING;
        pending.append(delta);
        if (stops.isEmpty()) return release(pending.length(), null);

        int matchAt = -1;
        String match = null;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (matchAt < 0 || at < matchAt || (at == matchAt && stop.length() > match.length()))) {
                matchAt = at;
                match = stop;
            }
        }
        if (match != null) {
            done = true;
            return release(matchAt, match);
        }
        return release(pending.length() - heldBackLength(), null);
    }

    /** End of stream without a stop: everything held back is ordinary text after all. */
    public String flush() {
        if (done) return "";
        done = true;
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    /** The stop string that ended the stream, or null while none has. */
    public String matchedStop() {
        return matchedStop;
    }

    /** The longest suffix of the pending text that is a proper prefix of some stop string. */
    private int heldBackLength() {
        int longest = 0;
        for (String stop : stops) {
            int max = Math.min(stop.length() - 1, pending.length());
            for (int len = max; len > longest; len--) {
                if (endsWithPrefix(stop, len)) {
                    longest = len;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean endsWithPrefix(String stop, int len) {
        int start = pending.length() - len;
        for (int i = 0; i < len; i++) {
            if (pending.charAt(start + i) != stop.charAt(i)) return false;
        }
        return true;
    }

    /** Emits pending[0, end) and keeps the rest (or, on a stop, discards it). */
    private Output release(int end, String stop) {
        String text = pending.substring(0, end);
        if (stop != null) {
            pending.setLength(0);
            matchedStop = stop;
        } else {
            pending.delete(0, end);
        }
        return text.isEmpty() && stop == null ? NOTHING : new Output(text, stop);
    }
}
