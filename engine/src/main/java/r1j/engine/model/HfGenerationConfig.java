package r1j.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sampling defaults a model ships in {@code generation_config.json}. Every field is optional: null (or an
 * empty list) means the file does not set it, so request values and then OpenAI defaults decide.
 *
 * @param eosTokenIds HF allows one id or a list; empty when not given
 */
public record HfGenerationConfig(
        Double temperature,
        Double topP,
        Integer topK,
        Double repetitionPenalty,
        Boolean doSample,
        Integer bosTokenId,
        List<Integer> eosTokenIds) {

    /** What a directory without {@code generation_config.json} has: no defaults at all. */
    public static final HfGenerationConfig NONE = new HfGenerationConfig(null, null, null, null, null, null, List.of());

    public HfGenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    public static HfGenerationConfig read(Path generationConfigJson) throws IOException {
        HfJsonFields f = HfJsonFields.read(generationConfigJson);
        return new HfGenerationConfig(
                f.optionalDouble("temperature"),
                f.optionalDouble("top_p"),
                f.optionalInt("top_k"),
                f.optionalDouble("repetition_penalty"),
                f.optionalBoolean("do_sample"),
                f.optionalInt("bos_token_id"),
                f.intOrIntList("eos_token_id"));
    }
}
