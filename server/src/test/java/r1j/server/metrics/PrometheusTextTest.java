package r1j.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void writes_help_type_and_labelled_samples_in_the_text_format() {
        Histogram h = new Histogram(0.005, 1.0);
        h.observe(0.002);
        h.observe(3.0);
        Map<String, Long> reasons = new LinkedHashMap<>();
        reasons.put("stop", 2L);
        reasons.put("length", 0L);
        String text = new PrometheusText(Map.of("model_name", "m\"1"))
                .gauge("r1j_num_requests_running", "Running.", 3)
                .counter("r1j_request_success_total", "Done.", "finished_reason", reasons)
                .histogram("r1j_e2e_request_latency_seconds", "Latency.", h.snapshot())
                .toString();
        assertThat(text).isEqualTo("""
                # HELP r1j_num_requests_running Running.
                # TYPE r1j_num_requests_running gauge
                r1j_num_requests_running{model_name="m\\"1"} 3
                # HELP r1j_request_success_total Done.
                # TYPE r1j_request_success_total counter
                r1j_request_success_total{model_name="m\\"1",finished_reason="stop"} 2
                r1j_request_success_total{model_name="m\\"1",finished_reason="length"} 0
                # HELP r1j_e2e_request_latency_seconds Latency.
                # TYPE r1j_e2e_request_latency_seconds histogram
                r1j_e2e_request_latency_seconds_bucket{model_name="m\\"1",le="0.005"} 1
                r1j_e2e_request_latency_seconds_bucket{model_name="m\\"1",le="1"} 1
                r1j_e2e_request_latency_seconds_bucket{model_name="m\\"1",le="+Inf"} 2
                r1j_e2e_request_latency_seconds_sum{model_name="m\\"1"} 3.002
                r1j_e2e_request_latency_seconds_count{model_name="m\\"1"} 2
                """);
    }

    @Test
    void numbers_are_plain_decimals() {
        assertThat(PrometheusText.number(0.0001)).isEqualTo("0.0001");
        assertThat(PrometheusText.number(2560.0)).isEqualTo("2560");
        assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void a_counter_must_be_named_with_total() {
        assertThatThrownBy(() -> new PrometheusText(Map.of()).counter("r1j_tokens", "x", 1))
                .hasMessageContaining("_total");
    }
}
