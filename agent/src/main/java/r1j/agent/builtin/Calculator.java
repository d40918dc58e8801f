package r1j.agent.builtin;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.config.FunctionDictionaryIfc;
import com.ezylang.evalex.config.MapBasedFunctionDictionary;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.functions.FunctionIfc;
import com.ezylang.evalex.functions.FunctionParameterDefinition;
import com.ezylang.evalex.parser.ParseException;
import com.ezylang.evalex.parser.Token;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolException;
import r1j.agent.tool.ToolFunction;

/**
 * {@code calculator}: an arithmetic expression evaluated by EvalEx in decimal ({@link BigDecimal}) arithmetic, so
 * 0.1 + 0.2 is 0.3 and integers stay exact up to {@link #PRECISION} digits. Only arithmetic, comparison and the
 * math functions below exist: no variables, strings, dates or randomness, and nothing that runs code.
 */
public final class Calculator implements Tool {
    public static final String NAME = "calculator";
    /** Significant digits of every result (and of each step's rounding). */
    public static final int PRECISION = 50;
    static final int MAX_EXPRESSION_CHARS = 2000;
    static final int MAX_FACTORIAL = 10_000;

    /** Computed in decimal at full precision. */
    private static final List<String> DECIMAL_FUNCTIONS = List.of("ABS", "AVERAGE", "CEILING", "FLOOR", "MAX", "MIN",
            "ROUND", "SQRT", "SUM");
    /** Computed by EvalEx in double precision: their results are rounded to {@link #DOUBLE_DIGITS}. */
    private static final List<String> DOUBLE_FUNCTIONS = List.of("LOG", "LOG10",
            "SIN", "COS", "TAN", "COT", "SEC", "CSC", "ASIN", "ACOS", "ATAN", "ATAN2",
            "ACOT", "SINR", "COSR", "TANR", "COTR", "SECR", "CSCR", "ASINR", "ACOSR", "ATANR", "ATAN2R", "ACOTR",
            "SINH", "COSH", "TANH", "COTH", "SECH", "CSCH", "ASINH", "ACOSH", "ATANH", "ACOTH", "DEG", "RAD");

    /**
     * Digits a double-precision function result keeps: binary noise beyond them is dropped, so SIN(30) is 0.5
     * rather than 0.49999999999999994.
     */
    static final int DOUBLE_DIGITS = 15;

    private static final ExpressionConfiguration CONFIG = configuration();

    private final ToolFunction function;

    public Calculator(ToolFunction function) {
        this.function = function;
    }

    /** What the model is told when tools.json gives only the name. */
    public static ToolFunction defaultFunction(String name) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("type", "object");
        parameters.putObject("properties").putObject("expression").put("type", "string").put("description",
                "e.g. (1.5 + 2) * 3^4 / 7, SQRT(2), FACT(20), ROUND(2/3, 4), SIN(30) (degrees; SINR takes radians)");
        parameters.putArray("required").add("expression");
        return new ToolFunction(name, "Evaluates an arithmetic expression exactly, in decimal arithmetic with "
                + PRECISION + " significant digits (15 for logarithms and trigonometry). Operators + - * / % ^ and parentheses; constants PI and E; "
                + "functions ABS, SQRT, ROUND(x, places), FLOOR, CEILING, FACT, LOG, LOG10, MIN, MAX, SUM, AVERAGE, "
                + "SIN/COS/TAN/ASIN/ACOS/ATAN (degrees), SINR/COSR/TANR (radians), SINH/COSH/TANH, DEG, RAD.",
                parameters);
    }

    @Override
    public ToolFunction function() {
        return function;
    }

    @Override
    public String call(ObjectNode arguments) throws ToolException {
        JsonNode e = arguments.get("expression");
        if (e == null || !e.isTextual() || e.asText().isBlank()) {
            throw new ToolException("'expression' must be a non-empty string, e.g. {\"expression\": \"2 * (3 + 4)\"}");
        }
        return evaluate(e.asText());
    }

    /** The value of {@code expression} as text: a plain number, or true/false for a comparison. */
    public static String evaluate(String expression) throws ToolException {
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw new ToolException("the expression is longer than " + MAX_EXPRESSION_CHARS + " characters");
        }
        EvaluationValue value;
        try {
            value = new Expression(expression, CONFIG).evaluate();
        } catch (EvaluationException | ParseException e) {
            throw new ToolException("cannot evaluate '" + expression + "': " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new ToolException("cannot evaluate '" + expression + "': " + e.getMessage());
        }
        if (value.isBooleanValue()) return value.getBooleanValue().toString();
        if (!value.isNumberValue()) {
            throw new ToolException("'" + expression + "' does not compute a number");
        }
        return format(value.getNumberValue());
    }

    /** Plain digits while that stays readable, scientific notation for very large or very small magnitudes. */
    static String format(BigDecimal value) {
        BigDecimal v = value.round(CONFIG.getMathContext()).stripTrailingZeros();
        if (v.signum() == 0) return "0";
        int magnitude = v.precision() - v.scale() - 1;
        return magnitude >= -12 && magnitude < PRECISION ? v.toPlainString() : v.toString();
    }

    private static ExpressionConfiguration configuration() {
        FunctionDictionaryIfc all = ExpressionConfiguration.defaultConfiguration().getFunctionDictionary();
        MapBasedFunctionDictionary math = new MapBasedFunctionDictionary();
        for (String name : DECIMAL_FUNCTIONS) math.addFunction(name, function(all, name));
        for (String name : DOUBLE_FUNCTIONS) math.addFunction(name, new RoundedToDouble(function(all, name)));
        math.addFunction("FACT", new BoundedFactorial(function(all, "FACT")));
        Map<String, EvaluationValue> constants = ExpressionConfiguration.defaultConfiguration().getDefaultConstants();
        return ExpressionConfiguration.builder()
                .mathContext(new MathContext(PRECISION, RoundingMode.HALF_EVEN))
                .functionDictionary(math)
                .defaultConstants(Map.of("PI", constants.get("PI"), "E", constants.get("E"),
                        "TRUE", constants.get("TRUE"), "FALSE", constants.get("FALSE")))
                .arraysAllowed(false)
                .structuresAllowed(false)
                .singleQuoteStringLiteralsAllowed(false)
                .build();
    }

    private static FunctionIfc function(FunctionDictionaryIfc all, String name) {
        FunctionIfc f = all.getFunction(name);
        if (f == null) throw new IllegalStateException("EvalEx has no function " + name);
        return f;
    }

    /** Wraps one of EvalEx's functions, keeping its parameters. */
    private interface Wrapper extends FunctionIfc {
        FunctionIfc inner();

        @Override
        default List<FunctionParameterDefinition> getFunctionParameterDefinitions() {
            return inner().getFunctionParameterDefinitions();
        }

        @Override
        default void validatePreEvaluation(Token token, EvaluationValue... parameters) throws EvaluationException {
            inner().validatePreEvaluation(token, parameters);
        }

        @Override
        default boolean hasVarArgs() {
            return inner().hasVarArgs();
        }
    }

    /** A double-precision function whose result is rounded to the digits a double really carries. */
    private record RoundedToDouble(FunctionIfc inner) implements Wrapper {
        private static final MathContext DIGITS = new MathContext(DOUBLE_DIGITS, RoundingMode.HALF_EVEN);

        @Override
        public EvaluationValue evaluate(Expression expression, Token token, EvaluationValue... parameters)
                throws EvaluationException {
            EvaluationValue v = inner.evaluate(expression, token, parameters);
            return v.isNumberValue() ? expression.convertValue(v.getNumberValue().round(DIGITS)) : v;
        }
    }

    /** EvalEx's FACT, refused above {@link #MAX_FACTORIAL}: it multiplies once per unit, so FACT(1e9) would spin. */
    private record BoundedFactorial(FunctionIfc inner) implements Wrapper {
        @Override
        public EvaluationValue evaluate(Expression expression, Token token, EvaluationValue... parameters)
                throws EvaluationException {
            BigDecimal n = parameters[0].getNumberValue();
            if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(MAX_FACTORIAL)) > 0 || n.stripTrailingZeros().scale() > 0) {
                throw new EvaluationException(token, "FACT takes a whole number from 0 to " + MAX_FACTORIAL);
            }
            return inner.evaluate(expression, token, parameters);
        }
    }
}
