package r1j.eval.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSONL dataset, each line in whichever known shape it has:
 * <ul>
 *   <li>GSM8K: {@code question}, {@code answer} whose reference is the text after {@code ####} (commas dropped);</li>
 *   <li>MATH-500: {@code problem}, {@code answer}, and {@code level}, {@code subject} kept as attributes;</li>
 *   <li>AIME: {@code problem}, {@code answer} (a number or a string);</li>
 *   <li>generic: {@code prompt}, {@code answer}.</li>
 * </ul>
 * Blank lines are ignored. A malformed line is reported with its line number and either skipped or fatal.
 */
public final class DatasetReader {
    /** What a malformed line does to the run. */
    public enum OnMalformed { SKIP, FAIL }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ATTRIBUTES = List.of("level", "subject", "unique_id", "id", "url", "year", "kind");

    private DatasetReader() {}

    public static Dataset read(Path file, OnMalformed policy) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file), policy);
    }

    public static Dataset parse(String source, byte[] bytes, OnMalformed policy) {
        List<Question> questions = new ArrayList<>();
        List<Dataset.MalformedLine> skipped = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k].strip();
            if (line.isEmpty()) continue;
            try {
                questions.add(question(questions.size(), k + 1, line));
            } catch (DatasetFormatException e) {
                Dataset.MalformedLine bad = new Dataset.MalformedLine(k + 1, e.getMessage());
                if (policy == OnMalformed.FAIL) {
                    throw new DatasetFormatException(source + ": " + bad
                            + " (--on-malformed skip leaves such lines out)");
                }
                skipped.add(bad);
            }
        }
        if (questions.isEmpty()) throw new DatasetFormatException(source + ": no questions");
        return new Dataset(source, sha256(bytes), questions, skipped);
    }

    private static Question question(int index, int lineNumber, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int cut = why.indexOf(" (start marker");
            throw new DatasetFormatException("not JSON (" + (cut > 0 ? why.substring(0, cut) : why) + ")");
        }
        if (!node.isObject()) throw new DatasetFormatException("not a JSON object");
        JsonNode answer = node.get("answer");
        if (answer == null || answer.isNull() || answer.isContainerNode() || answer.asText().isBlank()) {
            throw new DatasetFormatException("no \"answer\" (a string or a number)");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String key : ATTRIBUTES) {
            if (node.hasNonNull(key) && node.get(key).isValueNode()) attributes.put(key, node.get(key).asText());
        }
        if (text(node, "question") != null) {
            attributes.put("format", "gsm8k");
            return new Question(index, lineNumber, text(node, "question"), gsm8kReference(answer.asText()), attributes);
        }
        String problem = text(node, "problem");
        if (problem != null) {
            attributes.put("format", attributes.containsKey("level") ? "math" : "problem");
            return new Question(index, lineNumber, problem, answer.asText().strip(), attributes);
        }
        String prompt = text(node, "prompt");
        if (prompt != null) {
            attributes.put("format", "prompt");
            return new Question(index, lineNumber, prompt, answer.asText().strip(), attributes);
        }
        throw new DatasetFormatException("expected {question, answer} (GSM8K), {problem, answer} (MATH, AIME) or"
                + " {prompt, answer}");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    /** GSM8K's answer is a worked solution ending in {@code #### 72}; the reference is what follows the marks. */
    static String gsm8kReference(String answer) {
        int marks = answer.lastIndexOf("####");
        String tail = marks >= 0 ? answer.substring(marks + 4) : answer;
        return tail.strip().replace(",", "");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
