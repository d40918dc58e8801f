package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import r1j.engine.tokenizer.ReferenceCases.Case;

/** Behaviour of the real tokenizer beyond the reference cases: BOS, special parsing, lookups, decoding edges. */
class BpeTokenizerTest {
    private static final String BOS_TEXT = "<｜begin▁of▁sentence｜>";
    private final BpeTokenizer tokenizer = ReferenceCases.tokenizerFromGguf();

    @Test
    void encodeWithBos_puts_one_bos_in_front_of_plain_text() {
        int[] ids = tokenizer.encodeWithBos("Hello world");
        assertThat(ids).containsExactly(151646, 9707, 1879);
    }

    @Test
    void encodeWithBos_does_not_add_a_second_bos_to_text_that_begins_with_it() {
        int[] ids = tokenizer.encodeWithBos(BOS_TEXT + "<｜User｜>2+2?<｜Assistant｜>");
        assertThat(ids).containsExactly(151646, 151644, 17, 10, 17, 30, 151645);
    }

    @Test
    void encodeWithBos_of_empty_text_is_bos_alone() {
        assertThat(tokenizer.encodeWithBos("")).containsExactly(151646);
        assertThat(tokenizer.encode("", true)).isEmpty();
    }

    @Test
    void without_special_parsing_control_tokens_are_text_but_user_defined_tokens_still_match() {
        assertThat(tokenizer.encode(BOS_TEXT, true)).containsExactly(151646);
        assertThat(tokenizer.encode(BOS_TEXT, false)).hasSizeGreaterThan(1).doesNotContain(151646);
        // <think> is user-defined (not a control token): one token either way, as in llama.cpp.
        assertThat(tokenizer.encode("<think>", false)).containsExactly(151648);
        assertThat(tokenizer.encode("a<think>b", true)).containsExactly(64, 151648, 65);
    }

    @Test
    void text_is_normalized_to_nfc_but_added_tokens_are_matched_before_normalization() {
        String decomposed = "e\u0301";
        assertThat(tokenizer.encode(decomposed, false)).isEqualTo(tokenizer.encode("\u00e9", false));
    }

    @Test
    void token_text_and_id_are_inverse_lookups() {
        int the = tokenizer.id(" the").orElseThrow();
        assertThat(tokenizer.tokenText(the)).isEqualTo(" the");
        assertThat(tokenizer.spec().tokens()[the]).isEqualTo("Ġthe");
        assertThat(tokenizer.id("<think>")).hasValue(151648);
        assertThat(tokenizer.tokenText(151648)).isEqualTo("<think>");
        assertThat(tokenizer.tokenText(198)).isEqualTo("\n");
        assertThat(tokenizer.id("no such token, surely")).isEmpty();
    }

    @Test
    void bos_eos_and_control_tokens_are_special_and_others_are_not() {
        assertThat(tokenizer.isSpecial(tokenizer.bos())).isTrue();
        assertThat(tokenizer.isSpecial(tokenizer.eos())).isTrue();
        assertThat(tokenizer.isSpecial(151659)).as("<|fim_prefix|>").isTrue();
        assertThat(tokenizer.isSpecial(151648)).as("<think>").isFalse();
        assertThat(tokenizer.isSpecial(1879)).as("' world'").isFalse();
        assertThat(tokenizer.vocabSize()).isEqualTo(151936);
        assertThat(tokenizer.addBos()).isTrue();
    }

    @Test
    void decoding_a_partial_character_gives_a_replacement_character_like_hugging_face() {
        int[] llama = byteTokens("🦙"); // U+1F999: F0 9F A6 99
        int[] firstPart = Arrays.copyOf(llama, llama.length - 1);
        assertThat(tokenizer.decode(firstPart)).isEqualTo("\uFFFD");
        int[] thenA = Arrays.copyOf(firstPart, firstPart.length + 1);
        thenA[firstPart.length] = tokenizer.id("a").orElseThrow();
        assertThat(tokenizer.decode(thenA)).isEqualTo("\uFFFDa");
        assertThat(tokenizer.decode(List.of(9707, 1879))).isEqualTo("Hello world");
    }

    @Test
    void the_incremental_decoder_holds_back_a_character_until_its_last_byte() {
        int[] ids = tokenizer.encode(" 🦙.cpp", false);
        assertThat(ids).hasSizeGreaterThan(3); // " 🦙" is split inside the character
        IncrementalDecoder decoder = tokenizer.newDecoder();
        List<String> pieces = new ArrayList<>();
        for (int id : ids) pieces.add(decoder.accept(id));
        pieces.add(decoder.flush());
        assertThat(String.join("", pieces)).isEqualTo(" 🦙.cpp");
        assertThat(pieces).contains("").allSatisfy(p -> assertThat(p).doesNotContain("\uFFFD"));
    }

    @Test
    void the_incremental_decoder_flushes_an_unfinished_character_as_a_replacement() {
        int[] llama = byteTokens("🦙");
        IncrementalDecoder decoder = tokenizer.newDecoder();
        assertThat(decoder.accept(llama[0])).isEmpty();
        assertThat(decoder.hasPending()).isTrue();
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void ids_outside_the_vocabulary_are_refused_with_the_id_named() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {151936}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("151936");
        assertThatThrownBy(() -> tokenizer.tokenText(-1)).hasMessageContaining("-1");
    }

    @Test
    void one_tokenizer_serves_many_threads_with_the_same_answers() throws Exception {
        BpeTokenizer fresh = new BpeTokenizer(tokenizer.spec()); // empty word cache, so threads race to fill it
        List<Case> cases = ReferenceCases.all();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (Case c : cases) {
                        if (!Arrays.equals(fresh.encode(c.text(), c.parseSpecial()), c.ids())) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void very_long_runs_of_one_kind_of_character_encode_and_decode_back() {
        for (String run : List.of(" ".repeat(50_000) + "x", "a".repeat(50_000), "7".repeat(20_000),
                "!?".repeat(20_000), "🦙".repeat(10_000), "\n\r".repeat(20_000) + " end")) {
            int[] ids = tokenizer.encode(run, true);
            assertThat(ids).isNotEmpty();
            assertThat(tokenizer.decode(ids)).isEqualTo(run);
        }
    }

    @Test
    void builds_in_well_under_a_second_and_encodes_two_thousand_tokens_in_milliseconds() {
        // CPU time of this thread, not wall time: other builds may share the machine.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        BpeTokenizer fresh = new BpeTokenizer(tokenizer.spec());
        long buildNanos = threads.getCurrentThreadCpuTime() - t0;

        StringBuilder text = new StringBuilder();
        for (Case c : ReferenceCases.all()) {
            if (tokenizer.encode(text.toString(), true).length >= 2000) break;
            text.append(c.text()).append('\n');
        }
        String prompt = text.toString();
        long t1 = threads.getCurrentThreadCpuTime();
        int tokens = fresh.encode(prompt, true).length; // empty word cache: every word goes through BPE
        long coldNanos = threads.getCurrentThreadCpuTime() - t1;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long s = threads.getCurrentThreadCpuTime();
            fresh.encode(prompt, true);
            best = Math.min(best, threads.getCurrentThreadCpuTime() - s);
        }
        System.out.printf("tokenizer: built from spec in %.1f ms; %d tokens (%d chars) encoded in %.2f ms with an "
                + "empty word cache, %.2f ms warm (CPU)%n", buildNanos / 1e6, tokens, prompt.length(), coldNanos / 1e6,
                best / 1e6);
        assertThat(tokens).isGreaterThanOrEqualTo(2000);
        // Generous bounds; the measured numbers are far below them.
        assertThat(buildNanos).isLessThan(2_000_000_000L);
        assertThat(coldNanos).isLessThan(200_000_000L);
        assertThat(best).isLessThan(50_000_000L);
    }

    /** One single-byte token per UTF-8 byte of {@code text}: a character spread over several tokens. */
    private int[] byteTokens(String text) {
        byte[] bytes = Utf8.encode(text);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            String symbol = String.valueOf(ByteLevel.charOf(bytes[i] & 0xFF));
            ids[i] = Arrays.asList(tokenizer.spec().tokens()).indexOf(symbol);
        }
        return ids;
    }
}
