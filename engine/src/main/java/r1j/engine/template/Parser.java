package r1j.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser from tokens to the statement/expression AST, following jinja2's grammar and precedence. */
final class Parser {
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final List<Token> tokens;
    private int index;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source) {
        Parser parser = new Parser(Lexer.tokenize(source));
        List<Node> body = parser.parseBody(Set.of());
        if (parser.current().kind() != Token.Kind.EOF) {
            throw parser.error("unexpected '" + parser.current().text() + "'");
        }
        return body;
    }

    // ---- statements ----

    /** Parses nodes until EOF or a block whose tag name is in {@code ends}; then stops on that tag's name token. */
    private List<Node> parseBody(Set<String> ends) {
        List<Node> body = new ArrayList<>();
        while (true) {
            Token t = current();
            switch (t.kind()) {
                case EOF -> {
                    if (!ends.isEmpty()) {
                        throw error("unexpected end of template, expected one of " + ends.stream().sorted().toList());
                    }
                    return body;
                }
                case TEXT -> {
                    body.add(new Node.Text(t.text()));
                    index++;
                }
                case VAR_BEGIN -> {
                    index++;
                    Expr e = parseTuple(true);
                    expect(Token.Kind.VAR_END, "end of print statement '}}'");
                    body.add(new Node.Output(e));
                }
                case BLOCK_BEGIN -> {
                    Token name = peek(1);
                    if (name.kind() == Token.Kind.NAME && ends.contains(name.text())) {
                        index++;
                        return body;
                    }
                    index++;
                    body.addAll(parseStatement());
                }
                default -> throw error("unexpected '" + t.text() + "'");
            }
        }
    }

    private List<Node> parseStatement() {
        Token name = current();
        if (name.kind() != Token.Kind.NAME) throw error("expected a tag name, got '" + name.text() + "'");
        index++;
        return switch (name.text()) {
            case "if" -> List.of(parseIf());
            case "for" -> List.of(parseFor());
            case "set" -> List.of(parseSet());
            case "macro" -> List.of(parseMacro());
            case "call" -> List.of(parseCallBlock());
            case "filter" -> List.of(parseFilterBlock());
            case "generation" -> parseGeneration();
            case "break" -> {
                endTag();
                yield List.of(new Node.Break(pos(name)));
            }
            case "continue" -> {
                endTag();
                yield List.of(new Node.Continue(pos(name)));
            }
            default -> {
                index--;
                throw error("unknown tag '" + name.text() + "'");
            }
        };
    }

    private Node parseIf() {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = parseTuple(false);
        endTag();
        while (true) {
            List<Node> body = parseBody(Set.of("elif", "else", "endif"));
            branches.add(new Node.Branch(condition, body));
            String tag = next().text();
            if (tag.equals("elif")) {
                condition = parseTuple(false);
                endTag();
                continue;
            }
            List<Node> orElse = List.of();
            if (tag.equals("else")) {
                endTag();
                orElse = parseBody(Set.of("endif"));
                index++;
            }
            endTag();
            return new Node.If(branches, orElse);
        }
    }

    private Node parseFor() {
        Node.Target target = parseTarget(false);
        expectName("in");
        Expr iterable = parseTuple(false, true);
        Expr filter = null;
        if (current().isName("if")) {
            index++;
            filter = parseExpression(true);
        }
        boolean recursive = false;
        if (current().isName("recursive")) {
            index++;
            recursive = true;
        }
        endTag();
        List<Node> body = parseBody(Set.of("else", "endfor"));
        List<Node> orElse = List.of();
        if (next().text().equals("else")) {
            endTag();
            orElse = parseBody(Set.of("endfor"));
            index++;
        }
        endTag();
        return new Node.For(target, iterable, filter, body, orElse, recursive);
    }

    private Node parseSet() {
        Node.Target target = parseTarget(true);
        if (current().isOp("=")) {
            index++;
            Expr value = parseTuple(true);
            endTag();
            return new Node.Set(target, value);
        }
        List<Node.FilterCall> filters = parseFilterChain();
        endTag();
        List<Node> body = parseBody(Set.of("endset"));
        index++;
        endTag();
        return new Node.SetBlock(target, filters, body);
    }

    private Node parseMacro() {
        String name = expect(Token.Kind.NAME, "macro name").text();
        List<Node.Param> params = parseParams();
        endTag();
        List<Node> body = parseBody(Set.of("endmacro"));
        index++;
        endTag();
        return new Node.Macro(name, params, body);
    }

    private Node parseCallBlock() {
        List<Node.Param> params = current().isOp("(") ? parseParams() : List.of();
        Expr call = parseExpression(true);
        if (!(call instanceof Expr.Call c)) throw error("expected a call in a call block");
        endTag();
        List<Node> body = parseBody(Set.of("endcall"));
        index++;
        endTag();
        return new Node.CallBlock(c, params, body);
    }

    private List<Node.Param> parseParams() {
        expectOp("(");
        List<Node.Param> params = new ArrayList<>();
        while (!current().isOp(")")) {
            if (!params.isEmpty()) expectOp(",");
            if (current().isOp(")")) break;
            String param = expect(Token.Kind.NAME, "parameter name").text();
            Expr defaultValue = null;
            if (current().isOp("=")) {
                index++;
                defaultValue = parseExpression(true);
            }
            params.add(new Node.Param(param, defaultValue));
        }
        index++;
        return params;
    }

    private Node parseFilterBlock() {
        List<Node.FilterCall> filters = new ArrayList<>();
        filters.add(parseFilterCall());
        filters.addAll(parseFilterChain());
        endTag();
        List<Node> body = parseBody(Set.of("endfilter"));
        index++;
        endTag();
        return new Node.FilterBlock(filters, body);
    }

    /** Hugging Face's AssistantTracker extension: {@code {% generation %}} only marks its body; render it as is. */
    private List<Node> parseGeneration() {
        endTag();
        List<Node> body = parseBody(Set.of("endgeneration"));
        index++;
        endTag();
        return body;
    }

    private Node.Target parseTarget(boolean allowAttribute) {
        List<Node.Target> targets = new ArrayList<>();
        boolean parenthesised = current().isOp("(");
        if (parenthesised) index++;
        do {
            if (!targets.isEmpty()) index++;
            if (current().isOp("(")) {
                targets.add(parseTarget(false));
                continue;
            }
            Token name = expect(Token.Kind.NAME, "assignment target");
            if (allowAttribute && current().isOp(".")) {
                index++;
                String attr = expect(Token.Kind.NAME, "attribute name").text();
                targets.add(new Node.Target.Attribute(new Expr.Name(pos(name), name.text()), attr));
            } else {
                targets.add(new Node.Target.Name(name.text()));
            }
        } while (current().isOp(","));
        if (parenthesised) expectOp(")");
        return targets.size() == 1 && !parenthesised ? targets.getFirst() : new Node.Target.Unpack(targets);
    }

    private void endTag() {
        expect(Token.Kind.BLOCK_END, "end of block '%}'");
    }

    // ---- expressions ----

    private Expr parseTuple(boolean withCondexpr) {
        return parseTuple(withCondexpr, false);
    }

    /** A comma-separated expression list becomes a tuple, as in jinja2's parse_tuple. */
    private Expr parseTuple(boolean withCondexpr, boolean stopAtIf) {
        Token start = current();
        List<Expr> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            if (!items.isEmpty()) {
                if (!current().isOp(",")) break;
                index++;
                comma = true;
            }
            if (isTupleEnd(stopAtIf)) break;
            items.add(parseExpression(withCondexpr));
        }
        if (items.isEmpty()) throw error("expected an expression");
        return items.size() == 1 && !comma ? items.getFirst() : new Expr.ListLit(pos(start), items, true);
    }

    private boolean isTupleEnd(boolean stopAtIf) {
        Token t = current();
        return t.kind() == Token.Kind.VAR_END || t.kind() == Token.Kind.BLOCK_END || t.kind() == Token.Kind.EOF
                || t.isOp(")") || t.isOp("]") || t.isOp("}") || (stopAtIf && (t.isName("if") || t.isName("recursive")));
    }

    private Expr parseExpression(boolean withCondexpr) {
        return withCondexpr ? parseCondexpr() : parseOr();
    }

    private Expr parseCondexpr() {
        Expr expr = parseOr();
        while (current().isName("if")) {
            Token t = next();
            Expr test = parseOr();
            Expr orElse = null;
            if (current().isName("else")) {
                index++;
                orElse = parseCondexpr();
            }
            expr = new Expr.Conditional(pos(t), test, expr, orElse);
        }
        return expr;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (current().isName("or")) {
            Token t = next();
            left = new Expr.Binary(pos(t), "or", left, parseAnd());
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (current().isName("and")) {
            Token t = next();
            left = new Expr.Binary(pos(t), "and", left, parseNot());
        }
        return left;
    }

    private Expr parseNot() {
        if (current().isName("not")) {
            Token t = next();
            return new Expr.Unary(pos(t), "not", parseNot());
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        Expr left = parseMath1();
        while (true) {
            Token t = current();
            if (t.kind() == Token.Kind.OP && COMPARE_OPS.contains(t.text())) {
                index++;
                left = new Expr.Binary(pos(t), t.text(), left, parseMath1());
            } else if (t.isName("in")) {
                index++;
                left = new Expr.Binary(pos(t), "in", left, parseMath1());
            } else if (t.isName("not") && peek(1).isName("in")) {
                index += 2;
                left = new Expr.Binary(pos(t), "not in", left, parseMath1());
            } else {
                return left;
            }
        }
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (current().isOp("+") || current().isOp("-")) {
            Token t = next();
            left = new Expr.Binary(pos(t), t.text(), left, parseConcat());
        }
        return left;
    }

    private Expr parseConcat() {
        Expr left = parseMath2();
        while (current().isOp("~")) {
            Token t = next();
            left = new Expr.Binary(pos(t), "~", left, parseMath2());
        }
        return left;
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (current().isOp("*") || current().isOp("/") || current().isOp("//") || current().isOp("%")) {
            Token t = next();
            left = new Expr.Binary(pos(t), t.text(), left, parsePow());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (current().isOp("**")) {
            Token t = next();
            left = new Expr.Binary(pos(t), "**", left, parseUnary(true));
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        Token t = current();
        Expr node;
        if (t.isOp("-") || t.isOp("+")) {
            index++;
            node = new Expr.Unary(pos(t), t.text(), parseUnary(false));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilter ? parseFilterExpr(node) : node;
    }

    private Expr parsePrimary() {
        Token t = next();
        Expr.Pos at = pos(t);
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Literal(at, Value.TRUE);
                    case "false", "False" -> new Expr.Literal(at, Value.FALSE);
                    case "none", "None" -> new Expr.Literal(at, Value.None.NONE);
                    default -> new Expr.Name(at, t.text());
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder(t.text());
                while (current().kind() == Token.Kind.STRING) sb.append(next().text());
                return new Expr.Literal(at, new Value.Str(sb.toString()));
            }
            case INT -> {
                return new Expr.Literal(at, new Value.Int(Long.parseLong(t.text())));
            }
            case FLOAT -> {
                return new Expr.Literal(at, new Value.Float(Double.parseDouble(t.text())));
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        if (current().isOp(")")) {
                            index++;
                            return new Expr.ListLit(at, List.of(), true);
                        }
                        Expr inner = parseTuple(true);
                        expectOp(")");
                        return inner;
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!current().isOp("]")) {
                            if (!items.isEmpty()) expectOp(",");
                            if (current().isOp("]")) break;
                            items.add(parseExpression(true));
                        }
                        index++;
                        return new Expr.ListLit(at, items, false);
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!current().isOp("}")) {
                            if (!keys.isEmpty()) expectOp(",");
                            if (current().isOp("}")) break;
                            keys.add(parseExpression(true));
                            expectOp(":");
                            values.add(parseExpression(true));
                        }
                        index++;
                        return new Expr.DictLit(at, keys, values);
                    }
                    default -> {}
                }
            }
            default -> {}
        }
        index--;
        throw error("unexpected '" + (t.kind() == Token.Kind.EOF ? "end of template" : t.text()) + "'");
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOp(".")) {
                index++;
                Token attr = next();
                if (attr.kind() == Token.Kind.NAME) {
                    node = new Expr.GetAttr(pos(t), node, attr.text());
                } else if (attr.kind() == Token.Kind.INT) {
                    node = new Expr.GetItem(pos(t), node, new Expr.Literal(pos(attr), new Value.Int(Long.parseLong(attr.text()))));
                } else {
                    index--;
                    throw error("expected an attribute name after '.'");
                }
            } else if (t.isOp("[")) {
                index++;
                node = parseSubscript(node, pos(t));
            } else if (t.isOp("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expr parseSubscript(Expr node, Expr.Pos at) {
        Expr start = null, stop = null, step = null;
        boolean slice = false;
        if (!current().isOp(":")) start = parseExpression(true);
        if (current().isOp(":")) {
            slice = true;
            index++;
            if (!current().isOp("]") && !current().isOp(":")) stop = parseExpression(true);
            if (current().isOp(":")) {
                index++;
                if (!current().isOp("]")) step = parseExpression(true);
            }
        }
        expectOp("]");
        return slice ? new Expr.Slice(at, node, start, stop, step) : new Expr.GetItem(at, node, start);
    }

    private Expr.Call parseCall(Expr function) {
        Token open = expectOp("(");
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        parseCallArgs(args, kwargs);
        return new Expr.Call(pos(open), function, args, kwargs);
    }

    /** Parses "(a, b, key=value)" after the opening parenthesis, consuming the closing one. */
    private void parseCallArgs(List<Expr> args, List<Expr.Keyword> kwargs) {
        boolean first = true;
        while (!current().isOp(")")) {
            if (!first) expectOp(",");
            first = false;
            if (current().isOp(")")) break;
            if (current().kind() == Token.Kind.NAME && peek(1).isOp("=")) {
                String key = next().text();
                index++;
                kwargs.add(new Expr.Keyword(key, parseExpression(true)));
            } else {
                if (!kwargs.isEmpty()) throw error("positional argument follows keyword argument");
                args.add(parseExpression(true));
            }
        }
        index++;
    }

    private Expr parseFilterExpr(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOp("|")) {
                index++;
                Node.FilterCall f = parseFilterCall();
                node = new Expr.Filter(f.at(), node, f.name(), f.args(), f.kwargs());
            } else if (t.isName("is")) {
                index++;
                node = parseTest(node, pos(t));
            } else if (t.isOp("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private List<Node.FilterCall> parseFilterChain() {
        List<Node.FilterCall> filters = new ArrayList<>();
        while (current().isOp("|")) {
            index++;
            filters.add(parseFilterCall());
        }
        return filters;
    }

    private Node.FilterCall parseFilterCall() {
        Token name = expect(Token.Kind.NAME, "filter name");
        StringBuilder full = new StringBuilder(name.text());
        while (current().isOp(".")) {
            index++;
            full.append('.').append(expect(Token.Kind.NAME, "filter name").text());
        }
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        if (current().isOp("(")) {
            index++;
            parseCallArgs(args, kwargs);
        }
        return new Node.FilterCall(pos(name), full.toString(), args, kwargs);
    }

    private Expr parseTest(Expr node, Expr.Pos at) {
        boolean negated = false;
        if (current().isName("not")) {
            index++;
            negated = true;
        }
        Token name = expect(Token.Kind.NAME, "test name");
        List<Expr> args = new ArrayList<>();
        Token t = current();
        if (t.isOp("(")) {
            index++;
            List<Expr.Keyword> ignored = new ArrayList<>();
            parseCallArgs(args, ignored);
        } else if ((t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.STRING || t.kind() == Token.Kind.INT
                || t.kind() == Token.Kind.FLOAT || t.isOp("[") || t.isOp("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and") && !t.isName("if")) {
            if (t.isName("is")) throw error("you cannot chain multiple tests with 'is'");
            args.add(parsePostfix(parsePrimary()));
        }
        return new Expr.Test(at, node, name.text(), args, negated);
    }

    // ---- token helpers ----

    private Token current() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.EOF) index++;
        return t;
    }

    private Token expect(Token.Kind kind, String what) {
        Token t = current();
        if (t.kind() != kind) throw error("expected " + what + ", got '" + describe(t) + "'");
        index++;
        return t;
    }

    private Token expectOp(String op) {
        if (!current().isOp(op)) throw error("expected '" + op + "', got '" + describe(current()) + "'");
        return next();
    }

    private void expectName(String name) {
        if (!current().isName(name)) throw error("expected '" + name + "', got '" + describe(current()) + "'");
        index++;
    }

    private static String describe(Token t) {
        return t.kind() == Token.Kind.EOF ? "end of template" : t.text();
    }

    private static Expr.Pos pos(Token t) {
        return new Expr.Pos(t.line(), t.column());
    }

    private TemplateException error(String message) {
        Token t = current();
        return new TemplateException(TemplateException.Kind.SYNTAX, "syntax error: " + message, t.line(), t.column());
    }
}
