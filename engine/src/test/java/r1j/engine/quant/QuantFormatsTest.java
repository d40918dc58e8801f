package r1j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

class QuantFormatsTest {

    @Test
    void every_type_marked_supported_has_a_format_of_that_type() {
        for (GgmlType type : GgmlType.values()) {
            assertThat(QuantFormats.isSupported(type)).as(type.name()).isEqualTo(type.supported);
            if (type.supported) assertThat(QuantFormats.of(type).type()).isEqualTo(type);
        }
    }

    @Test
    void an_unsupported_type_is_refused_with_the_supported_list() {
        assertThatThrownBy(() -> QuantFormats.of(GgmlType.IQ2_XXS))
                .isInstanceOf(UnsupportedTensorTypeException.class)
                .hasMessage("ggml type IQ2_XXS is not supported (supported: F32, F16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, "
                        + "Q3_K, Q4_K, Q5_K, Q6_K, IQ4_NL, IQ4_XS, BF16)");
    }

    @Test
    void an_unsupported_tensor_is_refused_by_name() {
        TensorEntry tensor = new TensorEntry("blk.3.ffn_up.weight", GgmlType.TQ2_0, new long[] {256}, MemorySegment.ofArray(new byte[66]));
        assertThatThrownBy(() -> QuantFormats.forTensor(tensor))
                .isInstanceOf(UnsupportedTensorTypeException.class)
                .hasMessageStartingWith("tensor 'blk.3.ffn_up.weight' has ggml type TQ2_0, which is not supported (supported: F32,");
    }
}
