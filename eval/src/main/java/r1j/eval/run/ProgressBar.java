package r1j.eval.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: samples done of the total, accuracy so far, failures, and an ETA from this
 * session's rate (samples already on disk when a run resumes do not make it look faster). On a terminal it redraws
 * in place at most five times a second; into a file it writes a line per tenth.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final int resumed;
    private final long started = System.nanoTime();
    private int done;
    private int correct;
    private int failed;
    private long lastDraw;
    private int lastTenth = -1;

    public ProgressBar(PrintStream out, boolean terminal, String label, int total, int resumed, int resumedCorrect) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.resumed = resumed;
        this.done = resumed;
        this.correct = resumedCorrect;
    }

    public synchronized void sampleDone(boolean wasCorrect) {
        done++;
        if (wasCorrect) correct++;
        draw(false);
    }

    public synchronized void sampleFailed() {
        failed++;
        draw(false);
    }

    public synchronized void finish() {
        if (terminal) {
            draw(true);
            out.println();
        } else if (lastTenth != 10 || done < total) {
            draw(true);
        }
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (terminal ? !force && now - lastDraw < 200_000_000L : !force && tenth == lastTenth) return;
        lastDraw = now;
        lastTenth = tenth;
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d  %3d%%  acc %.3f%s  ETA %s", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, total == 0 ? 100 : done * 100 / total,
                done == 0 ? 0.0 : (double) correct / done, failed > 0 ? "  failed " + failed : "", eta(now));
        if (terminal) out.print("\r" + line + "\u001b[K");
        else out.println(line);
        out.flush();
    }

    private String eta(long now) {
        int thisSession = done - resumed;
        if (done >= total) return "0s";
        if (thisSession == 0) return "?";
        long nanosLeft = (long) ((double) (now - started) / thisSession * (total - done));
        return format(Duration.ofNanos(nanosLeft));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
