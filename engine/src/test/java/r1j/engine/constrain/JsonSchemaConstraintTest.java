package r1j.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.testkit.Fixtures;

class JsonSchemaConstraintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type":"object","additionalProperties":false,
             "properties":{
               "intent":{"enum":["book_table","cancel","smalltalk"]},
               "guests":{"type":["integer","null"]},
               "price":{"type":"number","nullable":true},
               "name":{"type":["string","null"]},
               "vegan":{"type":["boolean","null"]},
               "tags":{"type":"array","items":{"type":"string"},"maxItems":3}},
             "required":["intent","guests","vegan"]}""";

    private static LoadedModel model;
    private static TokenTrie trie;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf"));
        trie = TokenTrie.of(model.tokenizer());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static JsonGrammar.State run(String schema, String text) throws IOException {
        return JsonGrammar.feed(JsonGrammar.start(JsonSchema.parse(JSON.readTree(schema)), JsonGrammar.Limits.DEFAULT), text);
    }

    @Test
    void the_grammar_accepts_documents_of_the_schema_and_rejects_others() throws IOException {
        String ok = "{\"intent\": \"cancel\", \"guests\": 4, \"price\": -1.5e2, \"vegan\": null, \"tags\": [\"a\\\"b\", \"\\u00e9\"]}";
        assertThat(run(SCHEMA, ok)).isNotNull().matches(JsonGrammar.State::isComplete);
        assertThat(run(SCHEMA, "{\"intent\":\"book_table\",\"guests\":null,\"vegan\":true}").isComplete()).isTrue();
        assertThat(run(SCHEMA, "{\"intent\":\"book\"")).as("enum value not in the list").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"vegan\"")).as("required guests skipped").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"guests\":4.5")).as("integer with a fraction").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"guests\":01")).as("leading zero").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"guests\":1,\"vegan\":false}")).matches(JsonGrammar.State::isComplete);
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"guests\":1}")).as("closing before a required property").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"extra\":1")).as("unknown property").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"guests\":1,\"vegan\":true,\"tags\":[\"a\",\"b\",\"c\",")).as("maxItems").isNull();
        assertThat(run(SCHEMA, "{\"intent\":\"cancel\",\"guests\":1,\"vegan\":true}x")).as("nothing after the end").isNull();
    }

    @Test
    void strings_and_whitespace_are_bounded_so_the_document_always_ends() throws IOException {
        String schema = "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"}},\"required\":[\"s\"]}";
        String longest = "{\"s\":\"" + "x".repeat(64);
        assertThat(run(schema, longest)).isNotNull();
        assertThat(run(schema, longest + "x")).isNull();
        assertThat(run(schema, longest + "\"}").isComplete()).isTrue();
        assertThat(run(schema, "{    ")).isNotNull();
        assertThat(run(schema, "{     ")).isNull();
    }

    @Test
    void the_token_mask_allows_exactly_the_tokens_whose_text_can_continue() {
        TokenTrie small = TokenTrie.ofTexts("{", "{\"", "\"", "x", "}", " ", "\"}", null, "{}", "ab\"}");
        JsonSchema schema = new JsonSchema.ObjectSchema(List.of(
                new JsonSchema.Property("x", new JsonSchema.StringSchema(false), false)), false);
        JsonSchemaConstraint c = new JsonSchemaConstraint(small, schema);
        assertThat(allowed(c, 10)).containsExactly(0, 1, 8);
        c.accept(1); // {"
        assertThat(allowed(c, 10)).containsExactly(3);
        c.accept(3); // x
        assertThat(allowed(c, 10)).containsExactly(2);
        assertThatThrownBy(() -> c.accept(4)).hasMessageContaining("not allowed");
    }

    private static List<Integer> allowed(TokenConstraint c, int vocab) {
        return java.util.stream.IntStream.range(0, vocab).filter(c::allows).boxed().toList();
    }

    @Test
    void unsupported_schemas_are_rejected_naming_the_path() throws IOException {
        assertThatThrownBy(() -> JsonSchema.parse(JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"number\"]}}}")))
                .isInstanceOf(JsonSchemaException.class).hasMessageContaining("$.properties.a.type");
        assertThatThrownBy(() -> JsonSchema.parse(JSON.readTree("{\"type\":\"object\",\"required\":[\"b\"]}")))
                .hasMessageContaining("[b] not declared");
        assertThatThrownBy(() -> JsonSchema.parse(JSON.readTree("{\"type\":\"object\",\"additionalProperties\":true}")))
                .hasMessageContaining("additionalProperties");
        // Assertions the decoder does not enforce are refused (issue 13: pattern was accepted and ignored).
        for (String keyword : new String[] {"\"pattern\":\"^a+$\"", "\"minLength\":2", "\"maxLength\":3"}) {
            assertThatThrownBy(() -> JsonSchema.parse(JSON.readTree(
                    "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"," + keyword + "}}}")))
                    .isInstanceOf(JsonSchemaException.class).hasMessageContaining("$.properties.a.");
        }
        assertThatThrownBy(() -> JsonSchema.parse(JSON.readTree("{\"type\":\"integer\",\"minimum\":0}")))
                .hasMessageContaining("$.minimum");
        // Annotations change no output and pass.
        JsonSchema.parse(JSON.readTree("{\"type\":\"object\",\"title\":\"T\",\"description\":\"d\","
                + "\"properties\":{\"when\":{\"type\":\"string\",\"format\":\"date\",\"title\":\"When\"}}}"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void the_tiny_model_under_the_constraint_writes_json_that_matches_the_schema(long seed) throws IOException {
        JsonSchemaConstraint constraint = JsonSchemaConstraint.of(trie, JSON.readTree(SCHEMA));
        SamplingParams sampling = SamplingParams.withDefaults(SamplingOverrides.builder().seed(seed).temperature(1.0).build(),
                model.samplingDefaults());
        int[] prompt = model.tokenizer().encodeWithBos("Reply with JSON:");
        try (BatchEngine engine = BatchEngine.oneAtATime(model, 2, 2048)) {
            GenerationResult r = engine.submit(new GenerationRequest(prompt, new GenerationSettings(sampling,
                    (int) constraint.maxLength(), List.of(), false).withConstraint(constraint))).await((id, delta) -> {});
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(constraint.isComplete()).isTrue();
            assertThat(r.text()).isEqualTo(constraint.text());
            JsonNode doc = JSON.readTree(r.text());
            assertThat(List.of("book_table", "cancel", "smalltalk")).contains(doc.get("intent").asText());
            assertThat(doc.get("guests").isNull() || doc.get("guests").isIntegralNumber()).isTrue();
            assertThat(doc.get("vegan").isNull() || doc.get("vegan").isBoolean()).isTrue();
            assertThat(JSON.convertValue(doc, Map.class).keySet())
                    .isSubsetOf("intent", "guests", "price", "name", "vegan", "tags");
            if (doc.has("tags")) assertThat(doc.get("tags").size()).isLessThanOrEqualTo(3);
        }
    }
}
