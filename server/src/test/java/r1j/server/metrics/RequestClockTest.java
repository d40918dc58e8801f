package r1j.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.FinishReason;

class RequestClockTest {
    private static final long MS = 1_000_000;

    private static String metricsText(RequestMetrics m) {
        PrometheusText out = new PrometheusText(Map.of());
        m.writeTo(out);
        return out.toString();
    }

    @Test
    void times_the_first_token_the_gaps_between_tokens_and_the_whole_request() {
        RequestMetrics m = new RequestMetrics();
        RequestClock clock = m.accepted(1000 * MS);
        clock.token(1200 * MS);    // 200 ms to the first token
        clock.token(1203 * MS);    // 3 ms
        clock.token(1207 * MS);    // 4 ms
        clock.finish(FinishReason.LENGTH, 3, 1208 * MS);
        String text = metricsText(m);
        assertThat(text).contains("r1j_time_to_first_token_seconds_count 1\n")
                .contains("r1j_time_to_first_token_seconds_sum 0.2\n")
                .contains("r1j_time_to_first_token_seconds_bucket{le=\"0.1\"} 0\n")
                .contains("r1j_time_to_first_token_seconds_bucket{le=\"0.25\"} 1\n")
                .contains("r1j_inter_token_latency_seconds_count 2\n")
                .contains("r1j_inter_token_latency_seconds_sum 0.007\n")
                .contains("r1j_e2e_request_latency_seconds_sum 0.208\n")
                .contains("r1j_request_success_total{finished_reason=\"length\"} 1\n")
                .contains("r1j_request_success_total{finished_reason=\"stop\"} 0\n");
    }

    @Test
    void a_last_token_that_ended_the_request_without_text_is_timed_at_the_end() {
        RequestMetrics m = new RequestMetrics();
        RequestClock clock = m.accepted(0);
        clock.token(10 * MS);
        clock.finish(FinishReason.STOP, 2, 15 * MS);
        assertThat(metricsText(m)).contains("r1j_inter_token_latency_seconds_count 1\n")
                .contains("r1j_inter_token_latency_seconds_sum 0.005\n");
    }

    @Test
    void an_aborted_request_is_counted_as_abort_and_not_as_a_latency() {
        RequestMetrics m = new RequestMetrics();
        RequestClock clock = m.accepted(0);
        clock.token(10 * MS);
        clock.finish(FinishReason.CANCELLED, 5, 50 * MS);
        assertThat(metricsText(m)).contains("r1j_request_success_total{finished_reason=\"abort\"} 1\n")
                .contains("r1j_e2e_request_latency_seconds_count 0\n")
                .contains("r1j_inter_token_latency_seconds_count 0\n");
    }
}
