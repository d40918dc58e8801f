package r1j.dialogue.domain;

import java.util.List;

/** An intent the tracker can recognise: its examples drive the overlap rule and the model's prompt. */
public record IntentSpec(String name, String description, List<String> examples) {
    public IntentSpec {
        examples = List.copyOf(examples);
    }
}
