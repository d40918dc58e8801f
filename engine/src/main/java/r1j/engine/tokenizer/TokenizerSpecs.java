package r1j.engine.tokenizer;

import java.nio.file.Path;
import r1j.engine.gguf.GgufFile;

/** Where a {@link TokenizerSpec} comes from: Hugging Face files or GGUF metadata. */
public final class TokenizerSpecs {
    private TokenizerSpecs() {}

    /**
     * From {@code tokenizer.json} and, if it exists, {@code tokenizer_config.json} (may be null or missing: then
     * BOS/EOS come from the post-processor template and there is no padding token).
     *
     * @throws TokenizerFormatException if the files cannot be read or describe something other than byte-level BPE
     */
    public static TokenizerSpec fromTokenizerJson(Path tokenizerJson, Path tokenizerConfigJson) {
        return HuggingFaceTokenizerFiles.read(tokenizerJson, tokenizerConfigJson);
    }

    /**
     * From a GGUF file's {@code tokenizer.ggml.*} metadata ({@code tokenizer.ggml.model} must be "gpt2").
     *
     * @throws TokenizerFormatException if the file has no tokenizer or one r1j cannot use
     */
    public static TokenizerSpec fromGguf(GgufFile gguf) {
        return GgufTokenizerMetadata.read(gguf);
    }
}
