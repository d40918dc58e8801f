package r1j.engine.template;

import java.util.List;

/** Statement AST: what a template body is made of. */
sealed interface Node {

    record Text(String text) implements Node {}

    record Output(Expr expr) implements Node {}

    record Branch(Expr condition, List<Node> body) {}

    record If(List<Branch> branches, List<Node> orElse) implements Node {}

    /** {@code for target in iterable [if filter] [recursive]} with an optional else body for empty loops. */
    record For(Target target, Expr iterable, Expr filter, List<Node> body, List<Node> orElse, boolean recursive)
            implements Node {}

    record Set(Target target, Expr value) implements Node {}

    /** {@code {% set x | filters %}body{% endset %}}: filters are applied to the rendered body. */
    record SetBlock(Target target, List<FilterCall> filters, List<Node> body) implements Node {}

    record FilterBlock(List<FilterCall> filters, List<Node> body) implements Node {}

    record Param(String name, Expr defaultValue) {}

    record Macro(String name, List<Param> params, List<Node> body) implements Node {}

    /** Output of a {@code {% call %}} block is handed to the macro as {@code caller()}. */
    record CallBlock(Expr.Call call, List<Param> params, List<Node> body) implements Node {}

    record Break(Expr.Pos at) implements Node {}

    record Continue(Expr.Pos at) implements Node {}

    record FilterCall(Expr.Pos at, String name, List<Expr> args, List<Expr.Keyword> kwargs) {}

    /** Assignment targets: a name, a namespace attribute, or a tuple to unpack. */
    sealed interface Target {
        record Name(String name) implements Target {}

        record Attribute(Expr object, String name) implements Target {}

        record Unpack(List<Target> targets) implements Target {}
    }
}
