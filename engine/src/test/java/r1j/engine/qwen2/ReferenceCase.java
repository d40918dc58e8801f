package r1j.engine.qwen2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import r1j.testkit.Fixtures;

/** One prompt of {@code tiny-qwen2/expected/tiny-qwen2-<TYPE>.json} with the float64 reference's answers. */
record ReferenceCase(
        String fileType,
        String prompt,
        int[] ids,
        double[] lastLogits,
        int[] argmaxPerPosition,
        double[] marginPerPosition,
        int[] greedy,
        double[] greedyMargins,
        double logitTolerance) {

    static final String[] FILE_TYPES = {
            "F32", "F16", "BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0", "Q3_K_M", "Q2_K", "IQ4_XS", "Q4_1", "Q5_0",
            "Q5_1", "IQ4_NL"};

    static Path modelFile(String fileType) {
        return Fixtures.resolve("tiny-qwen2/tiny-qwen2-" + fileType + ".gguf");
    }

    static List<ReferenceCase> load(String fileType) throws IOException {
        ObjectMapper json = new ObjectMapper();
        double tolerance = json.readTree(Fixtures.resolve("tiny-qwen2/tolerances.json").toFile())
                .get(fileType).get("logit_abs").asDouble();
        JsonNode root = json.readTree(Fixtures.resolve("tiny-qwen2/expected/tiny-qwen2-" + fileType + ".json").toFile());
        List<ReferenceCase> cases = new ArrayList<>();
        for (JsonNode p : root.get("prompts")) {
            cases.add(new ReferenceCase(fileType, p.get("name").asText(), ints(p.get("ids")),
                    doubles(p.get("last_logits_ref_f64")), ints(p.get("argmax_per_position_ref_f64")),
                    doubles(p.get("top2_margin_per_position_ref_f64")), ints(p.get("greedy_32_ref_f64")),
                    doubles(p.get("greedy_32_ref_f64_margins")), tolerance));
        }
        return cases;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    @Override
    public String toString() {
        return fileType + "/" + prompt;
    }
}
