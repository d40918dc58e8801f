package r1j.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {
    @Test
    void the_bar_moves_forward_only_and_shows_speed_and_eta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        DownloadProgress p = new DownloadProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false,
                100L << 20, clock::get);
        p.resumed(10L << 20);
        for (int i = 0; i < 90; i++) {
            clock.addAndGet(100_000_000L);              // 1 MiB per 0.1 s: 10 MiB/s
            p.advance(1L << 20);
        }
        p.finish();
        String out = buf.toString(StandardCharsets.UTF_8);
        List<Integer> percents = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)%").matcher(out);
        while (m.find()) percents.add(Integer.parseInt(m.group(1)));
        assertThat(percents).isSorted().contains(100);
        assertThat(percents.getFirst()).isGreaterThanOrEqualTo(10);
        assertThat(out).contains("10.0 MiB/s").contains("ETA 0:0").contains("100.0 MiB / 100.0 MiB").contains("done");
    }

    @Test
    void sizes_read_as_binary_units() {
        assertThat(DownloadProgress.bytes(512)).isEqualTo("512 B");
        assertThat(DownloadProgress.bytes(1_117_320_288L)).isEqualTo("1.0 GiB");
        assertThat(DownloadProgress.bytes(7_192_960L)).isEqualTo("6.9 MiB");
    }
}
