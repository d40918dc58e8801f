package r1j.engine.template;

import java.util.List;

/** Expression AST. Every node remembers where it started, for runtime error messages. */
sealed interface Expr {
    Pos at();

    record Pos(int line, int column) {}

    record Literal(Pos at, Value value) implements Expr {}

    record Name(Pos at, String name) implements Expr {}

    record ListLit(Pos at, List<Expr> items, boolean tuple) implements Expr {}

    record DictLit(Pos at, List<Expr> keys, List<Expr> values) implements Expr {}

    record GetAttr(Pos at, Expr object, String name) implements Expr {}

    record GetItem(Pos at, Expr object, Expr index) implements Expr {}

    /** {@code obj[start:stop:step]}; absent parts are null. */
    record Slice(Pos at, Expr object, Expr start, Expr stop, Expr step) implements Expr {}

    record Keyword(String name, Expr value) {}

    record Call(Pos at, Expr function, List<Expr> args, List<Keyword> kwargs) implements Expr {}

    record Filter(Pos at, Expr value, String name, List<Expr> args, List<Keyword> kwargs) implements Expr {}

    record Test(Pos at, Expr value, String name, List<Expr> args, boolean negated) implements Expr {}

    record Unary(Pos at, String op, Expr operand) implements Expr {}

    /** Arithmetic, comparison, membership ("in", "not in"), concatenation ("~") and the short-circuit and/or. */
    record Binary(Pos at, String op, Expr left, Expr right) implements Expr {}

    /** {@code then if test else orElse}; orElse null means jinja2's implicit Undefined. */
    record Conditional(Pos at, Expr test, Expr then, Expr orElse) implements Expr {}
}
