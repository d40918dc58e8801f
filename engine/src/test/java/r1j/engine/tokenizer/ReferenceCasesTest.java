package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import r1j.engine.tokenizer.ReferenceCases.Case;

/** Every case of {@code tokenizer/cases.jsonl}, through both sources of the real tokenizer. */
class ReferenceCasesTest {

    @Test
    void the_fixture_has_cases_of_every_kind() {
        List<Case> cases = ReferenceCases.all();
        long special = cases.stream().filter(Case::parseSpecial).count();
        long nfc = cases.stream().filter(Case::nfc).count();
        long llamaCpp = cases.stream().filter(c -> c.source() != null).count();
        System.out.printf("cases.jsonl: %d cases, %d with parse_special true, %d false, %d nfc, %d from llama.cpp%n",
                cases.size(), special, cases.size() - special, nfc, llamaCpp);
        assertThat(cases).hasSizeGreaterThan(500);
        assertThat(special).isPositive().isLessThan(cases.size());
        assertThat(nfc).isPositive();
        assertThat(llamaCpp).isEqualTo(46);
    }

    @Test
    void every_case_encodes_to_its_ids_from_tokenizer_json() {
        assertEveryCaseEncodes(ReferenceCases.tokenizerFromJson(), "tokenizer.json");
    }

    @Test
    void every_case_encodes_to_its_ids_from_the_vocab_gguf() {
        assertEveryCaseEncodes(ReferenceCases.tokenizerFromGguf(), "vocab gguf");
    }

    @Test
    void decoding_the_ids_of_every_case_gives_back_its_text() {
        for (BpeTokenizer tokenizer : List.of(ReferenceCases.tokenizerFromJson(), ReferenceCases.tokenizerFromGguf())) {
            List<String> failures = new ArrayList<>();
            for (Case c : ReferenceCases.all()) {
                String decoded = tokenizer.decode(c.ids());
                if (!decoded.equals(c.expectedDecoding())) failures.add(c + " -> " + decoded);
            }
            assertThat(failures).isEmpty();
        }
        System.out.println("decode round trip: " + ReferenceCases.all().size() + "/" + ReferenceCases.all().size());
    }

    @Test
    void streaming_the_ids_of_every_case_gives_back_its_text_without_broken_characters() {
        BpeTokenizer tokenizer = ReferenceCases.tokenizerFromGguf();
        int held = 0;
        for (Case c : ReferenceCases.all()) {
            IncrementalDecoder decoder = tokenizer.newDecoder();
            StringBuilder joined = new StringBuilder();
            for (int id : c.ids()) {
                String piece = decoder.accept(id);
                assertThat(piece).as("piece of %s", c).doesNotContain("\uFFFD");
                assertThat(hasLoneSurrogate(piece)).as("lone surrogate in a piece of %s", c).isFalse();
                if (decoder.hasPending()) held++;
                joined.append(piece);
            }
            joined.append(decoder.flush());
            assertThat(joined.toString()).as("%s", c).isEqualTo(c.expectedDecoding());
        }
        // The cases hold emoji, CJK and Devanagari split across tokens; the decoder must have held some back.
        assertThat(held).isPositive();
    }

    @Test
    void tokenizer_json_and_the_vocab_gguf_describe_the_same_tokenizer() {
        BpeTokenizer json = ReferenceCases.tokenizerFromJson();
        BpeTokenizer gguf = ReferenceCases.tokenizerFromGguf();
        TokenizerSpec a = json.spec();
        TokenizerSpec b = gguf.spec();
        assertThat(a.size()).isEqualTo(151665); // the GGUF pads to 151936 with [PADn] tokens
        assertThat(b.size()).isEqualTo(151936);
        assertThat(b.tokens()).startsWith(a.tokens());
        assertThat(Arrays.copyOf(b.tokenTypes(), a.size())).isEqualTo(a.tokenTypes());
        assertThat(a.merges()).isEqualTo(b.merges());
        assertThat(List.of(a.bos(), a.eos(), a.pad())).isEqualTo(List.of(151646, 151643, 151643));
        assertThat(List.of(b.bos(), b.eos(), b.pad())).isEqualTo(List.of(151646, 151643, 151643));
        assertThat(a.addBos()).isTrue();
        assertThat(b.addBos()).isTrue();
        assertThat(a.addEos()).isFalse();
        assertThat(b.addEos()).isFalse();
        assertThat(a.preTokenizer()).isEqualTo(PreTokenizer.QWEN2).isEqualTo(b.preTokenizer());
        assertThat(a.normalization()).isEqualTo(TextNormalization.NFC).isEqualTo(b.normalization());
    }

    private static void assertEveryCaseEncodes(BpeTokenizer tokenizer, String source) {
        List<String> failures = new ArrayList<>();
        for (Case c : ReferenceCases.all()) {
            int[] ids = tokenizer.encode(c.text(), c.parseSpecial());
            if (!Arrays.equals(ids, c.ids())) {
                failures.add(c + "\n  expected " + Arrays.toString(c.ids()) + "\n  actual   " + Arrays.toString(ids));
            }
        }
        System.out.printf("%s: %d/%d cases encode exactly%n", source, ReferenceCases.all().size() - failures.size(),
                ReferenceCases.all().size());
        assertThat(failures).isEmpty();
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return true;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
