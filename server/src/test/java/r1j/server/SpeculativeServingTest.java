package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * {@code serve --speculative ngram}: requests answer exactly as without it, and {@code /metrics} counts the drafts
 * checked and accepted.
 */
class SpeculativeServingTest {
    private static TestServer speculating;
    private static TestServer plain;

    @BeforeAll
    static void start() throws IOException {
        speculating = TestServer.start(b -> b.maxModelLen(1024).speculative(SpeculativeConfig.ngram(5, 1, 4)));
        plain = TestServer.start(b -> b.maxModelLen(1024));
    }

    @AfterAll
    static void stop() {
        if (speculating != null) speculating.close();
        if (plain != null) plain.close();
    }

    private static String completion(String prompt) {
        return "{\"model\":\"" + TestServer.MODEL + "\",\"prompt\":\"" + prompt + "\",\"max_tokens\":64,"
                + "\"temperature\":0,\"ignore_eos\":true}";
    }

    @Test
    void metrics_count_drafts_and_the_answer_is_unchanged() {
        String paragraph = "The lighthouse keeper climbs the stairs and lights the lamp for the ships. ";
        String body = completion("Repeat this paragraph: " + paragraph + paragraph + paragraph.substring(0, 30));
        Scrape before = Scrape.of(speculating);
        assertThat(before.value("r1j_spec_decode_draft_acceptance_rate")).isBetween(0.0, 1.0);

        TestServer.Reply fast = speculating.post("/v1/completions", body);
        TestServer.Reply slow = plain.post("/v1/completions", body);
        assertThat(fast.status()).as(fast.body()).isEqualTo(200);
        assertThat(slow.status()).as(slow.body()).isEqualTo(200);
        assertThat(fast.json().at("/choices/0/text").asText()).isEqualTo(slow.json().at("/choices/0/text").asText());
        assertThat(fast.json().at("/usage/completion_tokens").asInt()).isEqualTo(64);

        Scrape after = Scrape.of(speculating);
        double drafted = after.value("r1j_spec_decode_draft_tokens_total")
                - before.value("r1j_spec_decode_draft_tokens_total");
        double accepted = after.value("r1j_spec_decode_accepted_tokens_total")
                - before.value("r1j_spec_decode_accepted_tokens_total");
        assertThat(drafted).isPositive();
        assertThat(accepted).isPositive().isLessThanOrEqualTo(drafted);
        assertThat(after.value("r1j_generation_tokens_total") - before.value("r1j_generation_tokens_total"))
                .isEqualTo(64);
        assertThat(after.value("r1j_spec_decode_draft_acceptance_rate"))
                .isCloseTo(after.value("r1j_spec_decode_accepted_tokens_total")
                        / after.value("r1j_spec_decode_draft_tokens_total"), org.assertj.core.api.Assertions.within(1e-9));
        // Each forward pass gave one token plus the drafts it accepted: every accepted draft saved a pass.
        assertThat(after.value("r1j_engine_steps_total") - before.value("r1j_engine_steps_total"))
                .isEqualTo(64 - accepted);

        Scrape plainMetrics = Scrape.of(plain);
        assertThat(plainMetrics.value("r1j_spec_decode_draft_tokens_total")).isZero();
    }
}
