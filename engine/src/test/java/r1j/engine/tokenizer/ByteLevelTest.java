package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteLevelTest {

    @Test
    void gives_every_byte_its_own_printable_character() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.charOf(b);
            assertThat(seen.add(c)).as("byte %d", b).isTrue();
            assertThat(ByteLevel.byteOf(c)).isEqualTo(b);
            assertThat(Character.isWhitespace(c) || Character.isISOControl(c)).as("byte %d -> U+%04X", b, (int) c)
                    .isFalse();
        }
        assertThat(ByteLevel.charOf(' ')).isEqualTo('Ġ');
        assertThat(ByteLevel.charOf('\n')).isEqualTo('Ċ');
        assertThat(ByteLevel.charOf('a')).isEqualTo('a');
        assertThat(ByteLevel.charOf(0xAD)).as("soft hyphen, the last remapped byte").isEqualTo('Ń');
        assertThat(ByteLevel.byteOf('｜')).isEqualTo(-1);
    }

    @Test
    void decodes_byte_level_strings_and_takes_other_strings_as_text() {
        assertThat(new String(ByteLevel.decode("Ġthe"))).isEqualTo(" the");
        assertThat(ByteLevel.decode(ByteLevel.encode(new byte[] {(byte) 0xE5, (byte) 0x8C, 0x0A})))
                .containsExactly(0xE5 - 256, 0x8C - 256, 0x0A);
        assertThat(new String(ByteLevel.decode("<｜User｜>"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("<｜User｜>");
    }
}
