package r1j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it (/proc/self/status); -1 where unavailable. */
final class ProcessMemory {
    private ProcessMemory() {}

    /** Peak resident set size (VmHWM): heap, native memory and the touched pages of memory-mapped model files. */
    static long peakRssBytes() {
        return statusKilobytes("VmHWM:") * 1024;
    }

    static long rssBytes() {
        return statusKilobytes("VmRSS:") * 1024;
    }

    private static long statusKilobytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
