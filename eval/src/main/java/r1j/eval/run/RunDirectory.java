package r1j.eval.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A run's directory: {@code run.json} (the {@link RunSpec}), {@code samples.jsonl} (the {@link SampleLog}), and the
 * outputs written from them ({@code summary.json}, {@code report.html}). Opening an existing directory resumes it.
 */
public final class RunDirectory {
    public static final String SPEC = "run.json";
    public static final String SAMPLES = "samples.jsonl";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /**
     * Creates the directory, or checks that the run stored there is this one (same dataset, model and sampling), so
     * that resuming never mixes samples of two different runs. The stored spec is updated to this one (n may grow).
     */
    public static RunDirectory openFor(Path dir, RunSpec spec) throws IOException {
        Files.createDirectories(dir);
        Path specFile = dir.resolve(SPEC);
        if (Files.exists(specFile)) {
            RunSpec stored = readSpec(dir);
            String why = spec.sameRunAs(stored);
            if (why != null) {
                throw new IllegalArgumentException(dir + " holds another run: " + why
                        + "; choose another --output to start a new run");
            }
        }
        writeAtomically(specFile, EvalJson.PRETTY.writeValueAsBytes(spec));
        return new RunDirectory(dir);
    }

    public static RunSpec readSpec(Path dir) throws IOException {
        return EvalJson.MAPPER.readValue(dir.resolve(SPEC).toFile(), RunSpec.class);
    }

    public SampleLog openSamples() throws IOException {
        return SampleLog.open(dir.resolve(SAMPLES));
    }

    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.write(part, bytes);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
