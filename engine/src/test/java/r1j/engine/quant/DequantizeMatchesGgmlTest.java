package r1j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/** Dequantization must reproduce ggml's {@code dequantize_row_*} bit for bit, for every type the fixtures hold. */
class DequantizeMatchesGgmlTest {

    static List<DequantFixture> fixtures() {
        return DequantFixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void dequantizes_the_first_rows_bit_for_bit(DequantFixture fixture) throws IOException {
        try (GgufFile gguf = GgufFile.open(fixture.model())) {
            TensorEntry tensor = gguf.tensor(fixture.tensor()).orElseThrow();
            assertThat(tensor.type()).isEqualTo(fixture.type());
            assertThat(tensor.rowLength()).isEqualTo(fixture.cols());
            QuantFormat format = QuantFormats.forTensor(tensor);
            assertThat(format.type()).isEqualTo(fixture.type());

            int n = fixture.cols();
            long rowBytes = tensor.type().bytesFor(n);
            float[] out = new float[fixture.rows() * n + 1];
            for (int row = 0; row < fixture.rows(); row++) {
                format.dequantize(tensor.data(), row * rowBytes, out, 1 + row * n, n); // offset 1: offsets are honoured
            }
            for (int i = 0; i < fixture.values().length; i++) {
                int expected = Float.floatToRawIntBits(fixture.values()[i]);
                int actual = Float.floatToRawIntBits(out[1 + i]);
                if (expected != actual) {
                    fail("%s: value %d (row %d, column %d) is %s (0x%08x), ggml gives %s (0x%08x)", fixture, i, i / n, i % n,
                            out[1 + i], actual, fixture.values()[i], expected);
                }
            }
        }
    }

    @Test
    void the_fixtures_cover_all_fifteen_supported_types() {
        Set<GgmlType> covered = fixtures().stream().map(DequantFixture::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(GgmlType.class)));
        Set<GgmlType> supported = Arrays.stream(GgmlType.values()).filter(QuantFormats::isSupported)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(GgmlType.class)));
        assertThat(supported).hasSize(15);
        assertThat(covered).isEqualTo(supported);
    }
}
