package r1j.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import r1j.engine.constrain.TokenTrie;

class JsonObjectConstraintTest {
    private static final String[] TEXTS = {"{", "}", "[", "]", "\"", "a", "\\", "u", "0", "1", "-", ".", "e", ":", ",",
            " ", "\n", "true", "nul", "l", "{\"", "\":", "\"}", "12", "x", "\t"};
    private static final TokenTrie TRIE = TokenTrie.ofTexts(TEXTS);

    @Test
    void accepts_exactly_json_objects_character_by_character() {
        for (String ok : List.of("{}", "{\"a\": [1, -0.5e+3, true, null, {\"x\": \"\\u00e9\\n\"}]}", "{ \"k\" : {} }")) {
            assertThat(JsonObjectConstraint.feed(JsonObjectConstraint.State.START, ok)).as(ok)
                    .extracting(JsonObjectConstraint.State::mode).isEqualTo(JsonObjectConstraint.Mode.DONE);
        }
        for (String bad : List.of("[]", "{a}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":1,}", "{\"a\":tru}", " {}", "{}}",
                "{\"a\":\"\\x\"}", "{      }")) {
            var s = JsonObjectConstraint.feed(JsonObjectConstraint.State.START, bad);
            assertThat(s == null || s.mode() != JsonObjectConstraint.Mode.DONE).as(bad).isTrue();
        }
    }

    @Test
    void random_choices_among_allowed_tokens_always_close_a_parsable_object_within_the_limit() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            int limit = 8 + seed % 40;
            JsonObjectConstraint c = new JsonObjectConstraint(TRIE, limit);
            StringBuilder out = new StringBuilder();
            while (!c.isComplete()) {
                List<Integer> allowed = java.util.stream.IntStream.range(0, TEXTS.length).filter(c::allows).boxed().toList();
                assertThat(allowed).as("seed %d after '%s'", seed, out).isNotEmpty();
                int id = allowed.get(random.nextInt(allowed.size()));
                c.accept(id);
                out.append(TEXTS[id]);
            }
            assertThat(out.length()).isLessThanOrEqualTo(limit);
            assertThat(json.readTree(out.toString()).isObject()).as(out.toString()).isTrue();
        }
    }
}
