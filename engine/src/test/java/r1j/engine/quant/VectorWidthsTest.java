package r1j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector kernels must be right at every width, not just this machine's: the width is a static final chosen at
 * start-up, so each width gets its own JVM running {@link DotAgreement#main}, for enough rounds that the JIT's
 * vector intrinsics (not only the interpreter's fallback) are checked. Width 0 is the scalar fallback.
 */
class VectorWidthsTest {
    /** Enough for every kernel to be C2-compiled and then checked again; the scalar path needs no warm-up. */
    private static final int VECTOR_ROUNDS = 300;

    @ParameterizedTest
    @ValueSource(ints = {0, 128, 256, 512})
    void dot_agrees_with_the_dequantized_values_at_width(int bits) throws IOException, InterruptedException {
        int rounds = bits == 0 ? 1 : VECTOR_ROUNDS;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                // C2 only, with low thresholds: the kernels get compiled with intrinsics within the first rounds.
                "-XX:-TieredCompilation", "-XX:CompileThresholdScaling=0.02",
                "-D" + VectorSupport.PROPERTY + "=" + bits, "-cp", System.getProperty("java.class.path")));
        String reference = System.getProperty("r1j.reference");
        if (reference != null) command.add(2, "-Dr1j.reference=" + reference);
        command.add(DotAgreement.class.getName());
        command.add(String.valueOf(rounds));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String expected = bits == 0 ? "scalar kernels" : "vector kernels " + bits + "-bit";
        assertThat(output).contains(expected + " (").contains("30 fixtures, ").contains(" rounds, 0 problems")
                .contains(rounds + " rounds");
        // Every width with vectors checks the fused decode kernels (Q8_0, Q4_K, Q6_K fixtures), not zero of them.
        if (bits != 0) assertThat(output).containsPattern(" [1-9][0-9]* fused row blocks");
    }
}
