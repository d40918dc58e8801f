package r1j.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import r1j.agent.tool.ToolException;

class CalculatorTest {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "0.1 + 0.2 | 0.3",
            "0.1 * 3 | 0.3",
            "1 - 0.9 | 0.1",
            "2^100 | 1267650600228229401496703205376",
            "FACT(25) | 15511210043330985984000000",
            "12345678901234567890123 * 98765432109876543210987 | 1219326311370217952261797134336296860222381401",
            "10 / 4 | 2.5",
            "1 / 3 | 0.33333333333333333333333333333333333333333333333333",
            "2 / 3 | 0.66666666666666666666666666666666666666666666666667",
            "SQRT(2) | 1.4142135623730950488016887242096980785696718753769",
            "ROUND(2 / 3, 4) | 0.6667",
            "7 % 3 | 1",
            "(1.5 + 2) * 3^4 / 7 | 40.5",
            "-2^2 | 4",
            "ABS(-12.50) | 12.5",
            "MAX(3, 9, 4) | 9",
            "SUM(1, 2, 3.5) | 6.5",
            "SIN(30) | 0.5",
            "0.1 + COS(60) | 0.6",
            "LOG10(1000) | 3",
            "FLOOR(-2.5) | -3",
            "10^60 | 1E+60",
            "1 / 10^20 | 1E-20",
            "3 > 2 | true",
            "0 | 0"})
    void evaluates_exactly(String expression, String expected) throws ToolException {
        assertThat(Calculator.evaluate(expression)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 / 0", "x + 1", "STR_UPPER(\"a\")", "DT_NOW()", "RANDOM()", "\"a\" + \"b\"", "FACT(100000)",
            "FACT(-1)", "2 +", "java.lang.Runtime.getRuntime()", "10^(10^10)"})
    void refuses_what_is_not_arithmetic_with_a_message(String expression) {
        assertThatThrownBy(() -> Calculator.evaluate(expression))
                .isInstanceOf(ToolException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void beyond_its_precision_a_result_is_rounded_and_says_so_in_scientific_notation() throws ToolException {
        assertThat(Calculator.evaluate("123456789012345678901234567890 * 987654321098765432109876543210"))
                .isEqualTo("1.2193263113702179522618503273362292333223746380111E+59");
    }

    @Test
    void division_by_zero_says_so() {
        assertThatThrownBy(() -> Calculator.evaluate("1/0")).hasMessageContaining("1/0").hasMessageContaining("zero");
    }

    @Test
    void long_expressions_are_refused_before_parsing() {
        assertThatThrownBy(() -> Calculator.evaluate("1+".repeat(1500) + "1"))
                .hasMessageContaining("longer than " + Calculator.MAX_EXPRESSION_CHARS);
    }

    @Test
    void takes_its_expression_argument() throws ToolException {
        Calculator tool = new Calculator(Calculator.defaultFunction("calc"));
        assertThat(tool.call(JsonNodeFactory.instance.objectNode().put("expression", "6 * 7"))).isEqualTo("42");
        assertThat(tool.function().requiredArguments()).containsExactly("expression");
        assertThatThrownBy(() -> tool.call(JsonNodeFactory.instance.objectNode().put("expression", 5)))
                .hasMessageContaining("'expression' must be a non-empty string");
    }
}
