package r1j.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import r1j.eval.run.EvalJson;

/** A short name for a run's model in tables and legends: the file name for a local model, else the request name. */
public final class ModelName {
    private ModelName() {}

    public static String of(Object model) {
        JsonNode node = EvalJson.MAPPER.valueToTree(model);
        if (node.hasNonNull("file")) return node.get("file").asText();
        return node.path("request_name").asText("?");
    }
}
