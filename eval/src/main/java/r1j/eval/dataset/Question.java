package r1j.eval.dataset;

import java.util.Map;

/**
 * One dataset line: its position among the questions, the file line it came from, the problem text as the dataset
 * gives it, the reference answer, and extra fields worth keeping in the report (MATH's level and subject).
 */
public record Question(int index, int line, String problem, String reference, Map<String, String> attributes) {
    public Question {
        attributes = Map.copyOf(attributes);
    }
}
