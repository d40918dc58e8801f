package r1j.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleLogTest {
    static SampleRecord sample(int q, int k) {
        return new SampleRecord(q, k, "\\boxed{1}", "", "stop", 1, 2, 3, 4, 1, false, "1", "boxed", "1", true);
    }

    @Test
    void a_torn_last_line_is_dropped_and_a_duplicate_counts_once(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("samples.jsonl");
        try (SampleLog log = SampleLog.open(file)) {
            log.append(sample(0, 0));
            log.append(sample(1, 0));
            log.append(sample(0, 0));
        }
        String torn = EvalJson.MAPPER.writeValueAsString(sample(2, 0));
        Files.writeString(file, torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (SampleLog log = SampleLog.open(file)) {
            assertThat(log.loaded()).extracting(SampleRecord::key)
                    .containsExactly(SampleRecord.key(0, 0), SampleRecord.key(1, 0));
            log.append(sample(2, 0));
        }
        try (SampleLog log = SampleLog.open(file)) {
            assertThat(log.loaded()).hasSize(3);
        }
        assertThat(Files.readString(file)).endsWith("}\n");
    }
}
