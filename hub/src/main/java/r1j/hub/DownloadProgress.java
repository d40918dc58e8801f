package r1j.hub;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One progress bar for a whole pull: the total is every byte still to fetch, known before the first byte moves
 * (the hub's tree gives the sizes), and the bar only ever moves forward. Bytes found in a resumed
 * {@code .incomplete} file count as done from the start; a file whose server ignores the Range and sends it again
 * from byte 0 advances the bar only past the point it had reached. Speed is over this run's bytes, ETA from it.
 *
 * <p>On a terminal it redraws one line at most five times a second; otherwise (a log, a container) it prints a
 * line at every tenth of the way.
 */
public final class DownloadProgress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long total;
    private final long startNanos;
    private long done;
    private long doneAtStart;
    private long lastDrawNanos;
    private int lastTenth = -1;
    private long lastDrawnDone = -1;
    private boolean finished;

    public DownloadProgress(PrintStream out, boolean interactive, long total, LongSupplier nanoClock) {
        this.out = out;
        this.interactive = interactive;
        this.total = total;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Bytes already on disk before this run began (resumed downloads). */
    synchronized void resumed(long bytes) {
        done += bytes;
        doneAtStart += bytes;
    }

    /** {@code bytes} more are on disk. */
    synchronized void advance(long bytes) {
        done = Math.min(total, done + bytes);
        draw(false);
    }

    synchronized long done() {
        return done;
    }

    /** Ends the bar with its final line. */
    synchronized void finish() {
        if (finished) return;
        finished = true;
        if (interactive || done != lastDrawnDone) draw(true);
        if (interactive) out.println();
    }

    private void draw(boolean force) {
        long now = nanoClock.getAsLong();
        int tenth = total == 0 ? 10 : (int) (done * 10 / total);
        if (!force) {
            if (interactive && now - lastDrawNanos < REDRAW_NANOS) return;
            if (!interactive && tenth == lastTenth) return;
        }
        lastDrawNanos = now;
        lastTenth = tenth;
        lastDrawnDone = done;
        out.print((interactive ? "\r" : "") + line(now) + (interactive ? "\u001b[K" : System.lineSeparator()));
        out.flush();
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double speed = (done - doneAtStart) / seconds;
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int width = 24, filled = total == 0 ? width : (int) (done * width / total);
        String eta = done >= total ? "done" : speed <= 0 ? "ETA --:--" : "ETA " + clock((total - done) / speed);
        return String.format(Locale.ROOT, "%3d%% [%s%s] %s / %s  %s/s  %s", percent, "#".repeat(filled),
                ".".repeat(width - filled), bytes(done), bytes(total), bytes((long) speed), eta);
    }

    /** A size in binary units with one decimal (2.9 MiB), as the bar and `r1j list` print it. */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String clock(double seconds) {
        long s = (long) Math.ceil(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
