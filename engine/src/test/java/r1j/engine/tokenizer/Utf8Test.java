package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    private static String decode(byte[] b) {
        return Utf8.decode(b, 0, b.length);
    }

    @Test
    void replaces_each_maximal_ill_formed_subpart_with_one_replacement_character() {
        // The Unicode Standard's own example (chapter 3, "U+FFFD Substitution of Maximal Subparts").
        byte[] b = bytes(0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64);
        assertThat(decode(b)).isEqualTo("a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd");
        assertThat(decode(bytes(0xC0, 0xAF))).as("overlong").isEqualTo("\uFFFD\uFFFD");
        assertThat(decode(bytes(0xED, 0xA0, 0x80))).as("surrogate").isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(decode(bytes(0xF4, 0x90, 0x80, 0x80))).as("above U+10FFFF").isEqualTo("\uFFFD".repeat(4));
        assertThat(decode(bytes(0xF0, 0x9F, 0x98))).as("truncated at the end").isEqualTo("\uFFFD");
        assertThat(decode(bytes(0xC2, 0xED, 0xA0))).as("ill-formed at the end").isEqualTo("\uFFFD".repeat(3));
    }

    @Test
    void decodes_ill_formed_bytes_as_python_and_rust_do() {
        // Expected strings from Python's bytes.decode("utf-8", "replace"), which follows the same maximal-subpart
        // rule as Rust's from_utf8_lossy. (The JDK's decoder does not: it gives "ED A0 A0" a single U+FFFD.)
        String r = "\uFFFD";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("eda0a0c27a", r.repeat(4) + "z");
        expected.put("e0808061", r.repeat(3) + "a");
        expected.put("f08f8080", r.repeat(4));
        expected.put("e180c262", r.repeat(2) + "b");
        expected.put("ff61fe", r + "a" + r);
        expected.put("edbfbf41", r.repeat(3) + "A");
        expected.put("f0a4ada2", "\uD852\uDF62");
        expected.put("e4b8", r);
        expected.put("f8888080", r.repeat(4));
        expected.forEach((hex, text) -> assertThat(decode(HexFormat.of().parseHex(hex))).as(hex).isEqualTo(text));
    }

    @Test
    void decodes_random_well_formed_text_exactly() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(1, 12); i > 0; i--) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> random.nextInt(0x80, 0x800);
                    case 2 -> random.nextInt(0xE000, 0x10000);
                    default -> random.nextInt(0x10000, 0x110000);
                };
                text.appendCodePoint(cp);
            }
            assertThat(decode(text.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(text.toString());
        }
    }

    @Test
    void stops_before_an_unfinished_character_unless_told_the_input_has_ended() {
        byte[] b = bytes(0x61, 0xF0, 0x9F, 0xA6);
        StringBuilder out = new StringBuilder();
        assertThat(Utf8.decode(b, 0, b.length, out, false)).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("a");
        // An ill-formed sequence is not held back: more bytes could not repair it.
        byte[] broken = bytes(0xF0, 0x41);
        StringBuilder out2 = new StringBuilder();
        assertThat(Utf8.decode(broken, 0, broken.length, out2, false)).isEqualTo(2);
        assertThat(out2.toString()).isEqualTo("\uFFFDA");
    }

    @Test
    void encodes_like_the_jdk_but_writes_a_lone_surrogate_as_a_replacement_character() {
        String text = "a é 北 🦙";
        assertThat(Utf8.encode(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(Utf8.encode("x\uD83Dy")).isEqualTo("x\uFFFDy".getBytes(StandardCharsets.UTF_8));
    }
}
