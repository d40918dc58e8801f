package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoadTestCommandTest {
    @Test
    void loopback_hosts_pass_and_others_are_refused() {
        assertThatCode(() -> LoadTestCommand.requireLoopback(URI.create("http://127.0.0.1:8000")))
                .doesNotThrowAnyException();
        assertThatCode(() -> LoadTestCommand.requireLoopback(URI.create("http://[::1]:8000")))
                .doesNotThrowAnyException();
        assertThatCode(() -> LoadTestCommand.requireLoopback(URI.create("http://localhost:8000")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LoadTestCommand.requireLoopback(URI.create("http://10.1.2.3:8000")))
                .hasMessageContaining("not a loopback address").hasMessageContaining("--allow-remote");
    }

    @Test
    void the_url_is_the_server_root_with_or_without_v1() {
        assertThat(LoadTestCommand.baseUri("http://127.0.0.1:8000/")).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(LoadTestCommand.baseUri("http://127.0.0.1:8000/v1")).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThatThrownBy(() -> LoadTestCommand.baseUri("ftp://127.0.0.1")).hasMessageContaining("http://");
        assertThatThrownBy(() -> LoadTestCommand.baseUri("http://127.0.0.1:8000/api")).hasMessageContaining("root");
    }

    @Test
    void percentiles_are_nearest_rank_values_that_were_measured() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(sorted, 95)).isEqualTo(100);
        assertThat(Percentiles.nearestRank(new long[] {7}, 95)).isEqualTo(7);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).hasMessageContaining("no values");
    }
}
