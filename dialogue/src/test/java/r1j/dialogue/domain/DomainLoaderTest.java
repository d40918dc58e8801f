package r1j.dialogue.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainLoaderTest {
    static final Path RESTAURANT = Path.of("src/test/resources/domains/restaurant.yaml");

    @Test
    void reads_intents_and_slots_from_yaml() {
        Domain d = DomainLoader.load(RESTAURANT);
        assertThat(d.intents()).extracting(IntentSpec::name).containsExactly("book_table", "cancel_booking");
        assertThat(d.slot("guests").orElseThrow().type()).isEqualTo(SlotType.NUMBER);
        assertThat(d.slot("guests").orElseThrow().usedBy("cancel_booking")).isFalse();
        assertThat(d.slot("cuisine").orElseThrow().values()).containsExactly("italian", "thai", "french");
        assertThat(d.slot("booking_ref").orElseThrow().pattern()).isPresent();
    }

    @Test
    void json_is_read_too() {
        Domain d = DomainLoader.parse("{\"intents\":[{\"name\":\"greet\",\"examples\":[\"hi\"]}],\"slots\":[]}", "inline.json");
        assertThat(d.intents()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "slots: [{name: a, type: colour}]                     | slots[0].type: unknown type 'colour'",
        "slots: [{name: a}]                                   | slots[0].type: missing",
        "slots: [{name: a, type: enum}]                       | slots[0].values: an enum slot needs",
        "slots: [{name: a, type: text, intents: [nope]}]      | slots[0].intents: unknown intent 'nope'",
        "slots: [{name: a, type: text, pattern: '(['}]        | slots[0].pattern: not a valid RE2 regex",
        "slots: [{name: a, type: text, pattern: '(a)\\1'}]    | slots[0].pattern: not a valid RE2 regex",
        "slots: [{name: a, type: text, pattern: '(?<=x)a'}]   | slots[0].pattern: not a valid RE2 regex",
        "slots: [{name: a, type: text}, {name: a, type: text}] | slots[1].name: duplicate slot 'a'",
        "intents: [{description: x}]                          | intents[0].name: missing",
        "intents: {name: x}                                   | $.intents: must be a list",
        "slot: []                                             | $: unknown key 'slot'",
        "slots: [{name: 'two words', type: text}]             | slots[0].name: 'two words' must be",
        "- just a list                                        | must be a mapping",
    })
    void malformed_domains_name_the_file_the_path_and_the_problem(String yaml, String expected, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> DomainLoader.load(file)).isInstanceOf(DomainException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(expected);
    }

    @Test
    void broken_yaml_reports_the_line(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "intents:\n  - name: a\n   bad indent: [\n");
        assertThatThrownBy(() -> DomainLoader.load(file)).isInstanceOf(DomainException.class)
                .hasMessageContaining("broken.yaml").hasMessageContaining("not valid YAML").hasMessageContaining("line");
    }

    @Test
    void a_missing_file_is_a_domain_error_naming_it() {
        assertThatThrownBy(() -> DomainLoader.load(Path.of("no/such/domain.yaml")))
                .isInstanceOf(DomainException.class).hasMessageContaining("no/such/domain.yaml");
    }
}
