package r1j.engine.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Reads a Hugging Face {@code tokenizer.json} (+ optional {@code tokenizer_config.json}) into a
 * {@link TokenizerSpec}. Only what a byte-level BPE tokenizer needs is accepted; anything that would change the
 * ids in a way {@link BpeTokenizer} does not implement is refused with the file and field named.
 */
final class HuggingFaceTokenizerFiles {
    /**
     * Field names are neither interned nor canonicalized: model.vocab is an object with 151k distinct names, which
     * would otherwise all go through Jackson's symbol table and {@link String#intern}.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build());

    private final Path tokenizerJson;

    private HuggingFaceTokenizerFiles(Path tokenizerJson) {
        this.tokenizerJson = tokenizerJson;
    }

    static TokenizerSpec read(Path tokenizerJson, Path tokenizerConfigJson) {
        return new HuggingFaceTokenizerFiles(tokenizerJson).read(tokenizerConfigJson);
    }

    private TokenizerSpec read(Path configPath) {
        Parsed parsed = parse();
        JsonNode root = parsed.root;
        checkModel(parsed.modelOptions);
        PreTokenizer preTokenizer = preTokenizer(root.path("pre_tokenizer"));
        TextNormalization normalization = normalization(root.path("normalizer"));

        String[] tokens = parsed.vocab;
        List<AddedToken> added = new ArrayList<>();
        for (JsonNode a : root.path("added_tokens")) {
            int id = a.path("id").asInt(-1);
            String content = a.path("content").asText("");
            if (id < 0 || content.isEmpty()) fail("added_tokens entry without id or content: " + a);
            if (a.path("lstrip").asBoolean(false) || a.path("rstrip").asBoolean(false)
                    || a.path("single_word").asBoolean(false)) {
                fail("added token '" + content + "' uses lstrip/rstrip/single_word, which r1j does not implement");
            }
            if (id >= tokens.length) tokens = Arrays.copyOf(tokens, id + 1);
            tokens[id] = content;
            added.add(new AddedToken(id, content, a.path("special").asBoolean(false)));
        }

        int[] types = new int[tokens.length];
        Arrays.fill(types, TokenType.NORMAL.code);
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] == null) { // a hole in the ids: keep it unused, as llama.cpp's converter does
                tokens[id] = "[PAD" + id + "]";
                types[id] = TokenType.UNUSED.code;
            }
        }
        for (AddedToken t : added) {
            types[t.id()] = (t.special() || looksLikeControlToken(t.content()))
                    ? TokenType.CONTROL.code
                    : TokenType.USER_DEFINED.code;
        }

        Config config = readConfig(configPath, root, tokens, added);
        return new TokenizerSpec(tokens, types, parsed.merges, config.bos, config.eos, config.pad, config.addBos,
                config.addEos, added, preTokenizer, normalization);
    }

    /** tokenizer.json: every small part as a tree; model.vocab and model.merges (300k entries) streamed. */
    private record Parsed(ObjectNode root, ObjectNode modelOptions, String[] vocab, String[] merges) {}

    private Parsed parse() {
        try (JsonParser p = JSON.getFactory().createParser(tokenizerJson.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) fail("is not a JSON object");
            ObjectNode root = JSON.createObjectNode();
            ObjectNode modelOptions = null;
            String[] vocab = null;
            String[] merges = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("model") || value != JsonToken.START_OBJECT) {
                    root.set(field, p.readValueAsTree());
                    continue;
                }
                modelOptions = JSON.createObjectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String modelField = p.currentName();
                    JsonToken modelValue = p.nextToken();
                    if (modelField.equals("vocab") && modelValue == JsonToken.START_OBJECT) {
                        vocab = readVocab(p);
                    } else if (modelField.equals("merges") && modelValue == JsonToken.START_ARRAY) {
                        merges = readMerges(p);
                    } else {
                        modelOptions.set(modelField, p.readValueAsTree());
                    }
                }
            }
            if (modelOptions == null) fail("has no 'model'");
            if (vocab == null) fail("model.vocab is missing or not an object");
            if (merges == null) fail("model.merges is missing or not an array");
            return new Parsed(root, modelOptions, vocab, merges);
        } catch (IOException e) {
            throw new TokenizerFormatException(tokenizerJson + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    private String[] readVocab(JsonParser p) throws IOException {
        String[] byId = new String[1024];
        int size = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String token = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > 1 << 28) {
                fail("model.vocab['" + token + "'] has no valid id: " + p.getText());
            }
            int id = p.getIntValue();
            if (id >= byId.length) byId = Arrays.copyOf(byId, Math.max(byId.length * 2, id + 1));
            if (byId[id] != null) fail("model.vocab gives id " + id + " to both '" + byId[id] + "' and '" + token + "'");
            byId[id] = token;
            size = Math.max(size, id + 1);
        }
        return Arrays.copyOf(byId, size);
    }

    private String[] readMerges(JsonParser p) throws IOException {
        List<String> merges = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_STRING) {
                merges.add(p.getText());
                continue;
            }
            if (t == JsonToken.START_ARRAY) { // newer tokenizers write ["left", "right"]
                String left = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                String right = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                if (left != null && right != null && p.nextToken() == JsonToken.END_ARRAY) {
                    merges.add(left + " " + right);
                    continue;
                }
            }
            fail("model.merges[" + merges.size() + "] is neither \"a b\" nor [a, b]");
        }
        return merges.toArray(String[]::new);
    }

    /**
     * Some models leave control tokens unmarked ({@code "special": false} on DeepSeek's {@code <｜User｜>} and
     * Qwen's {@code <|fim_prefix|>}). llama.cpp's converter makes them control tokens by their look; we do the same
     * so that tokenizer.json and the GGUF give the same token types and so the same ids.
     */
    static boolean looksLikeControlToken(String text) {
        return text.equals("<pad>") || text.equals("<mask>") || text.equals("<2mass>") || text.equals("[@BOS@]")
                || (text.startsWith("<|") && text.endsWith("|>"))
                || (text.startsWith("<｜") && text.endsWith("｜>"))
                || (text.startsWith("<unused") && text.endsWith(">"));
    }

    private void checkModel(JsonNode model) {
        String type = model.path("type").asText("BPE"); // older files leave it out when it is BPE
        if (!type.equals("BPE")) fail("model type is '" + type + "'; only BPE is supported");
        if (model.path("byte_fallback").asBoolean(false)) fail("model.byte_fallback is true (SentencePiece-style BPE)");
        if (!model.path("continuing_subword_prefix").asText("").isEmpty()
                || !model.path("end_of_word_suffix").asText("").isEmpty()) {
            fail("model uses continuing_subword_prefix/end_of_word_suffix, which byte-level BPE does not");
        }
        if (model.path("ignore_merges").asBoolean(false)) fail("model.ignore_merges is true, which r1j does not implement");
        double dropout = model.path("dropout").asDouble(0);
        if (dropout != 0) fail("model.dropout is " + dropout + "; tokenization would be random");
    }

    private PreTokenizer preTokenizer(JsonNode node) {
        List<JsonNode> steps = new ArrayList<>();
        if (node.path("type").asText().equals("Sequence")) node.path("pretokenizers").forEach(steps::add);
        else if (!node.isMissingNode() && !node.isNull()) steps.add(node);
        JsonNode byteLevel = null;
        JsonNode split = null;
        for (JsonNode step : steps) {
            switch (step.path("type").asText()) {
                case "ByteLevel" -> byteLevel = step;
                case "Split" -> {
                    if (split != null) fail("pre_tokenizer has more than one Split");
                    split = step;
                }
                default -> fail("pre_tokenizer step '" + step.path("type").asText() + "' is not supported");
            }
        }
        if (byteLevel == null) {
            fail("pre_tokenizer is not byte-level (no ByteLevel step in " + describe(node) + ")");
        }
        if (byteLevel.path("add_prefix_space").asBoolean(false)) fail("ByteLevel add_prefix_space is not supported");
        boolean byteLevelRegex = byteLevel.path("use_regex").asBoolean(true);
        if (split == null) {
            if (!byteLevelRegex) fail("pre_tokenizer has neither a Split regex nor ByteLevel use_regex");
            return PreTokenizer.GPT2;
        }
        if (byteLevelRegex) fail("pre_tokenizer applies both a Split regex and ByteLevel use_regex; not supported");
        if (!split.path("behavior").asText().equals("Isolated") || split.path("invert").asBoolean(false)) {
            fail("Split must be 'Isolated' and not inverted, found " + split);
        }
        String regex = split.path("pattern").path("Regex").asText(null);
        if (regex == null) fail("Split pattern is not a Regex: " + split.path("pattern"));
        return PreTokenizer.fromHuggingFaceRegex(regex)
                .orElseThrow(() -> error("Split regex is not one r1j knows (Qwen2 or GPT-2): " + regex));
    }

    private TextNormalization normalization(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) return TextNormalization.NONE;
        String type = node.path("type").asText();
        if (type.equals("NFC")) return TextNormalization.NFC;
        if (type.equals("Sequence") && node.path("normalizers").size() == 0) return TextNormalization.NONE;
        if (type.equals("Sequence") && node.path("normalizers").size() == 1) {
            return normalization(node.path("normalizers").get(0));
        }
        throw error("normalizer " + describe(node) + " is not supported (only NFC or none)");
    }

    private record Config(int bos, int eos, int pad, boolean addBos, boolean addEos) {}

    /**
     * BOS/EOS/PAD and whether to add them. tokenizer_config.json decides; without it (or without a field) the
     * post-processor template does: a special token before "$A" is a BOS that Hugging Face adds, one after it an
     * EOS.
     */
    private Config readConfig(Path configPath, JsonNode root, String[] tokens, List<AddedToken> added) {
        JsonNode config = configPath != null && Files.exists(configPath) ? readJson(configPath) : null;
        // Only a few names are looked up: a scan beats building a 150k-entry map.
        Map<String, Integer> addedIds = new HashMap<>();
        for (AddedToken t : added) addedIds.put(t.content(), t.id());
        Function<String, Integer> idOf = text -> {
            Integer id = addedIds.get(text);
            if (id != null) return id;
            for (int i = 0; i < tokens.length; i++) if (tokens[i].equals(text)) return i;
            return null;
        };

        int templateBos = -1;
        int templateEos = -1;
        JsonNode single = root.path("post_processor").path("single");
        if (root.path("post_processor").path("type").asText().equals("TemplateProcessing") && single.isArray()) {
            boolean sequenceSeen = false;
            for (JsonNode piece : single) {
                if (piece.has("Sequence")) sequenceSeen = true;
                String special = piece.path("SpecialToken").path("id").asText(null);
                if (special == null) continue;
                Integer id = idOf.apply(special);
                if (id == null) fail("post_processor names special token '" + special + "', which is not in the vocabulary");
                if (sequenceSeen) templateEos = id;
                else templateBos = id;
            }
        }
        int bos = tokenOf(config, "bos_token", idOf, configPath).orElse(templateBos);
        int eos = tokenOf(config, "eos_token", idOf, configPath).orElse(templateEos);
        int pad = tokenOf(config, "pad_token", idOf, configPath).orElse(-1);
        boolean addBos = config != null && config.has("add_bos_token") && !config.get("add_bos_token").isNull()
                ? config.get("add_bos_token").asBoolean()
                : templateBos >= 0;
        boolean addEos = config != null && config.has("add_eos_token") && !config.get("add_eos_token").isNull()
                ? config.get("add_eos_token").asBoolean()
                : templateEos >= 0;
        return new Config(bos, eos, pad, addBos && bos >= 0, addEos && eos >= 0);
    }

    private static OptionalInt tokenOf(JsonNode config, String field,
            Function<String, Integer> idOf, Path path) {
        if (config == null) return OptionalInt.empty();
        JsonNode value = config.path(field);
        String text = value.isTextual() ? value.asText() : value.path("content").asText(null);
        if (text == null) return OptionalInt.empty();
        Integer id = idOf.apply(text);
        if (id == null) throw new TokenizerFormatException(path + ": " + field + " '" + text + "' is not in the vocabulary");
        return OptionalInt.of(id);
    }

    private static JsonNode readJson(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new TokenizerFormatException(path + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    private static String describe(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private TokenizerFormatException error(String message) {
        return new TokenizerFormatException(tokenizerJson + ": " + message);
    }

    private void fail(String message) {
        throw error(message);
    }
}
