package r1j.eval.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code samples.jsonl}: one line per finished sample, appended and forced to disk before the sample counts as done.
 * A process killed mid-write leaves at most a partial last line, which opening drops (that sample is asked again);
 * a sample found twice counts once. So a killed run loses no finished sample and counts none twice.
 */
public final class SampleLog implements AutoCloseable {
    private final FileChannel channel;
    private final List<SampleRecord> loaded;

    private SampleLog(FileChannel channel, List<SampleRecord> loaded) {
        this.channel = channel;
        this.loaded = loaded;
    }

    public static SampleLog open(Path file) throws IOException {
        List<SampleRecord> records = new ArrayList<>();
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int complete = bytes.length;
            while (complete > 0 && bytes[complete - 1] != '\n') complete--;
            if (complete < bytes.length) {
                // A torn last line from a kill mid-write: cut it so the next append starts on a fresh line.
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(complete);
                    ch.force(true);
                }
            }
            Set<Long> seen = new HashSet<>();
            String[] lines = new String(bytes, 0, complete, StandardCharsets.UTF_8).split("\n");
            for (int k = 0; k < lines.length; k++) {
                if (lines[k].isBlank()) continue;
                SampleRecord r;
                try {
                    r = EvalJson.MAPPER.readValue(lines[k], SampleRecord.class);
                } catch (IOException e) {
                    throw new IOException(file + ": line " + (k + 1) + " is not a sample record (" + e.getMessage()
                            + "); the run directory is damaged", e);
                }
                if (seen.add(r.key())) records.add(r);
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new SampleLog(channel, records);
    }

    /** The samples found when the log was opened (first copy of each). */
    public List<SampleRecord> loaded() {
        return List.copyOf(loaded);
    }

    /** Appends one sample and forces it to disk; returns once it is durable. */
    public synchronized void append(SampleRecord record) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((EvalJson.MAPPER.writeValueAsString(record) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) channel.write(line);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
