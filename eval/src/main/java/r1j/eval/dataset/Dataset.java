package r1j.eval.dataset;

import java.util.List;

/**
 * The questions of a run, where they came from and the sha256 of the exact bytes read (a changed file is a different
 * dataset, so a resumed run refuses it). {@code skipped} lists the malformed lines left out.
 */
public record Dataset(String source, String sha256, List<Question> questions, List<MalformedLine> skipped) {
    public Dataset {
        questions = List.copyOf(questions);
        skipped = List.copyOf(skipped);
    }

    /** A line that is not one of the known shapes, with why. */
    public record MalformedLine(int line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }
}
