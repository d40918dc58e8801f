package r1j.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import r1j.engine.gguf.GgufFile;
import r1j.testkit.Fixtures;

/** The shared reference tokenizer fixtures: {@code tokenizer/cases.jsonl} and the files it was made from. */
final class ReferenceCases {
    static final Path DIR = Fixtures.resolve("tokenizer");
    static final Path TOKENIZER_JSON = DIR.resolve("tokenizer.json");
    static final Path TOKENIZER_CONFIG = DIR.resolve("tokenizer_config.json");
    static final Path VOCAB_GGUF = DIR.resolve("deepseek-r1-distill-qwen-vocab.gguf");

    /** One line of cases.jsonl. {@code nfc}: the ids are those of the NFC form of the text. */
    record Case(int line, String text, boolean parseSpecial, int[] ids, boolean nfc, String source) {
        String expectedDecoding() {
            return nfc ? Normalizer.normalize(text, Normalizer.Form.NFC) : text;
        }

        @Override
        public String toString() {
            String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
            return "line " + line + " (parse_special " + parseSpecial + "): " + shown.replace("\n", "\\n");
        }
    }

    private static List<Case> cases;

    private ReferenceCases() {}

    static synchronized List<Case> all() {
        if (cases == null) cases = read(DIR.resolve("cases.jsonl"));
        return cases;
    }

    private static List<Case> read(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<Case> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                JsonNode n = json.readTree(lines.get(i));
                int[] ids = new int[n.get("ids").size()];
                for (int k = 0; k < ids.length; k++) ids[k] = n.get("ids").get(k).asInt();
                out.add(new Case(i + 1, n.get("text").asText(), n.get("parse_special").asBoolean(), ids,
                        n.path("nfc").asBoolean(false), n.path("source").asText(null)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static BpeTokenizer fromJson;
    private static BpeTokenizer fromGguf;

    /** The real tokenizer built from tokenizer.json + tokenizer_config.json, shared by the tests. */
    static synchronized BpeTokenizer tokenizerFromJson() {
        if (fromJson == null) {
            fromJson = new BpeTokenizer(TokenizerSpecs.fromTokenizerJson(TOKENIZER_JSON, TOKENIZER_CONFIG));
        }
        return fromJson;
    }

    /** The real tokenizer built from the vocabulary-only GGUF, shared by the tests. */
    static synchronized BpeTokenizer tokenizerFromGguf() {
        if (fromGguf == null) fromGguf = new BpeTokenizer(specFromGguf(VOCAB_GGUF));
        return fromGguf;
    }

    static TokenizerSpec specFromGguf(Path path) {
        try (GgufFile gguf = GgufFile.open(path)) {
            return TokenizerSpecs.fromGguf(gguf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
