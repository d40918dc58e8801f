package r1j.engine.template;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Walks the AST: executes statements into an output buffer and evaluates expressions with Python semantics. */
final class Interpreter {
    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final LocalDateTime now;

    Interpreter(LocalDateTime now) {
        this.now = now;
    }

    String render(List<Node> body, Map<String, Value> context) {
        Scope globals = new Scope(null);
        Builtins.install(globals, now);
        Scope root = new Scope(globals);
        context.forEach(root::set);
        StringBuilder out = new StringBuilder();
        Flow flow = exec(body, root, out);
        if (flow != Flow.NORMAL) throw new TemplateException("'break' or 'continue' outside of a loop");
        return out.toString();
    }

    // ---- statements ----

    private Flow exec(List<Node> body, Scope scope, StringBuilder out) {
        for (Node node : body) {
            Flow flow = exec(node, scope, out);
            if (flow != Flow.NORMAL) return flow;
        }
        return Flow.NORMAL;
    }

    private Flow exec(Node node, Scope scope, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(t.text());
            case Node.Output o -> out.append(Py.str(eval(o.expr(), scope)));
            case Node.If i -> {
                for (Node.Branch b : i.branches()) {
                    if (Py.truthy(eval(b.condition(), scope))) return exec(b.body(), scope, out);
                }
                return exec(i.orElse(), scope, out);
            }
            case Node.For f -> {
                return execFor(f, eval(f.iterable(), scope), scope, out, 0);
            }
            case Node.Set s -> assign(s.target(), eval(s.value(), scope), scope);
            case Node.SetBlock s -> {
                StringBuilder captured = new StringBuilder();
                exec(s.body(), scope, captured);
                assign(s.target(), applyFilters(s.filters(), new Value.Str(captured.toString()), scope), scope);
            }
            case Node.FilterBlock f -> {
                StringBuilder captured = new StringBuilder();
                Flow flow = exec(f.body(), scope, captured);
                out.append(Py.str(applyFilters(f.filters(), new Value.Str(captured.toString()), scope)));
                return flow;
            }
            case Node.Macro m -> scope.set(m.name(), new MacroValue(m, scope));
            case Node.CallBlock c -> {
                MacroValue caller = new MacroValue(new Node.Macro("caller", c.params(), c.body()), scope);
                Value fn = eval(c.call().function(), scope);
                List<Value> args = evalAll(c.call().args(), scope);
                Map<String, Value> kwargs = evalKeywords(c.call().kwargs(), scope);
                kwargs.put("caller", caller);
                out.append(Py.str(call(fn, args, kwargs, c.call().at())));
            }
            case Node.Break b -> {
                return Flow.BREAK;
            }
            case Node.Continue c -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private Flow execFor(Node.For f, Value iterable, Scope scope, StringBuilder out, int depth) {
        Scope loopScope = new Scope(scope);
        List<Value> items = Py.iterate(iterable);
        if (f.filter() != null) {
            List<Value> kept = new ArrayList<>();
            for (Value item : items) {
                assign(f.target(), item, loopScope);
                if (Py.truthy(eval(f.filter(), loopScope))) kept.add(item);
            }
            items = kept;
        }
        if (items.isEmpty()) return exec(f.orElse(), scope, out);
        int n = items.size();
        for (int i = 0; i < n; i++) {
            Value item = items.get(i);
            assign(f.target(), item, loopScope);
            loopScope.set("loop", loopObject(f, items, i, depth, scope, out));
            Flow flow = exec(f.body(), loopScope, out);
            if (flow == Flow.BREAK) break;
        }
        return Flow.NORMAL;
    }

    private Value loopObject(Node.For f, List<Value> items, int i, int depth, Scope scope, StringBuilder out) {
        int n = items.size();
        LinkedHashMap<Value, Value> m = new LinkedHashMap<>();
        m.put(Value.of("index"), Value.of(i + 1));
        m.put(Value.of("index0"), Value.of(i));
        m.put(Value.of("revindex"), Value.of(n - i));
        m.put(Value.of("revindex0"), Value.of(n - i - 1));
        m.put(Value.of("first"), Value.of(i == 0));
        m.put(Value.of("last"), Value.of(i == n - 1));
        m.put(Value.of("length"), Value.of(n));
        m.put(Value.of("depth"), Value.of(depth + 1));
        m.put(Value.of("depth0"), Value.of(depth));
        m.put(Value.of("previtem"), i > 0 ? items.get(i - 1) : new Value.Undefined("there is no previous item"));
        m.put(Value.of("nextitem"), i < n - 1 ? items.get(i + 1) : new Value.Undefined("there is no next item"));
        m.put(Value.of("cycle"), (Value.Callable) (args, kwargs) -> {
            if (args.isEmpty()) throw new TemplateException("no items for cycling given");
            return args.get(i % args.size());
        });
        return new Value.Dict(m);
    }

    private void assign(Node.Target target, Value value, Scope scope) {
        switch (target) {
            case Node.Target.Name n -> scope.set(n.name(), value);
            case Node.Target.Attribute a -> {
                Value object = eval(a.object(), scope);
                if (!(object instanceof Value.Namespace ns)) {
                    throw new TemplateException("cannot assign attribute on non-namespace object");
                }
                ns.attributes().put(a.name(), value);
            }
            case Node.Target.Unpack u -> {
                List<Value> items = Py.iterate(value);
                if (items.size() != u.targets().size()) {
                    throw new TemplateException("cannot unpack " + items.size() + " values into "
                            + u.targets().size() + " targets");
                }
                for (int i = 0; i < items.size(); i++) assign(u.targets().get(i), items.get(i), scope);
            }
        }
    }

    private Value applyFilters(List<Node.FilterCall> chain, Value value, Scope scope) {
        for (Node.FilterCall f : chain) {
            value = Filters.apply(f.name(), value, evalAll(f.args(), scope), evalKeywords(f.kwargs(), scope), f.at());
        }
        return value;
    }

    // ---- expressions ----

    Value eval(Expr e, Scope scope) {
        try {
            return evalUnchecked(e, scope);
        } catch (TemplateException ex) {
            throw ex.at(e.at().line(), e.at().column());
        } catch (RuntimeException ex) {
            throw new TemplateException(ex.getClass().getSimpleName() + ": " + ex.getMessage(), e.at().line(),
                    e.at().column());
        }
    }

    private Value evalUnchecked(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Name n -> {
                Value v = scope.lookup(n.name());
                yield v != null ? v : new Value.Undefined("'" + n.name() + "' is undefined");
            }
            case Expr.ListLit l -> new Value.ListV(evalAll(l.items(), scope), l.tuple());
            case Expr.DictLit d -> {
                Value.Dict dict = new Value.Dict();
                for (int i = 0; i < d.keys().size(); i++) {
                    dict.entries().put(Py.dictKey(eval(d.keys().get(i), scope)), eval(d.values().get(i), scope));
                }
                yield dict;
            }
            case Expr.GetAttr g -> Access.attribute(eval(g.object(), scope), g.name());
            case Expr.GetItem g -> Access.item(eval(g.object(), scope), eval(g.index(), scope));
            case Expr.Slice s -> Access.slice(eval(s.object(), scope), evalOptional(s.start(), scope),
                    evalOptional(s.stop(), scope), evalOptional(s.step(), scope));
            case Expr.Call c -> call(eval(c.function(), scope), evalAll(c.args(), scope),
                    evalKeywords(c.kwargs(), scope), c.at());
            case Expr.Filter f -> Filters.apply(f.name(), eval(f.value(), scope), evalAll(f.args(), scope),
                    evalKeywords(f.kwargs(), scope), f.at());
            case Expr.Test t -> {
                boolean result = Tests.apply(t.name(), eval(t.value(), scope), evalAll(t.args(), scope), t.at());
                yield Value.of(result != t.negated());
            }
            case Expr.Unary u -> unary(u.op(), eval(u.operand(), scope));
            case Expr.Binary b -> binary(b, scope);
            case Expr.Conditional c -> {
                if (Py.truthy(eval(c.test(), scope))) yield eval(c.then(), scope);
                yield c.orElse() == null ? new Value.Undefined("the inline if-expression evaluated to false")
                        : eval(c.orElse(), scope);
            }
        };
    }

    private Value evalOptional(Expr e, Scope scope) {
        return e == null ? Value.None.NONE : eval(e, scope);
    }

    private List<Value> evalAll(List<Expr> exprs, Scope scope) {
        List<Value> values = new ArrayList<>(exprs.size());
        for (Expr e : exprs) values.add(eval(e, scope));
        return values;
    }

    private Map<String, Value> evalKeywords(List<Expr.Keyword> kwargs, Scope scope) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Expr.Keyword k : kwargs) values.put(k.name(), eval(k.value(), scope));
        return values;
    }

    Value call(Value fn, List<Value> args, Map<String, Value> kwargs, Expr.Pos at) {
        if (fn instanceof Value.Callable c) return c.call(args, kwargs);
        if (fn instanceof Value.Undefined u) throw new TemplateException(u.hint(), at.line(), at.column());
        throw new TemplateException("'" + Py.typeName(fn) + "' object is not callable", at.line(), at.column());
    }

    private static Value unary(String op, Value v) {
        return switch (op) {
            case "not" -> Value.of(!Py.truthy(v));
            case "-" -> switch (v) {
                case Value.Float f -> new Value.Float(-f.value());
                default -> {
                    requireNumber(v, "unary -");
                    yield new Value.Int(-Py.toLong(v));
                }
            };
            default -> {
                requireNumber(v, "unary +");
                yield v;
            }
        };
    }

    private Value binary(Expr.Binary b, Scope scope) {
        Value left = eval(b.left(), scope);
        switch (b.op()) {
            case "and" -> {
                return Py.truthy(left) ? eval(b.right(), scope) : left;
            }
            case "or" -> {
                return Py.truthy(left) ? left : eval(b.right(), scope);
            }
            default -> {}
        }
        Value right = eval(b.right(), scope);
        return switch (b.op()) {
            case "~" -> new Value.Str(Py.str(left) + Py.str(right));
            case "==" -> Value.of(Py.equal(left, right));
            case "!=" -> Value.of(!Py.equal(left, right));
            case "<" -> Value.of(Py.compare(checkDefined(left), checkDefined(right)) < 0);
            case ">" -> Value.of(Py.compare(checkDefined(left), checkDefined(right)) > 0);
            case "<=" -> Value.of(Py.compare(checkDefined(left), checkDefined(right)) <= 0);
            case ">=" -> Value.of(Py.compare(checkDefined(left), checkDefined(right)) >= 0);
            case "in" -> Value.of(Py.contains(right, left));
            case "not in" -> Value.of(!Py.contains(right, left));
            default -> Arithmetic.apply(b.op(), checkDefined(left), checkDefined(right));
        };
    }

    private static Value checkDefined(Value v) {
        if (v instanceof Value.Undefined u) throw new TemplateException(u.hint());
        return v;
    }

    private static void requireNumber(Value v, String op) {
        if (!Py.isNumber(v)) throw new TemplateException("bad operand type for " + op + ": '" + Py.typeName(v) + "'");
    }

    /** A macro: a callable that renders its body in a fresh frame whose parent is the frame it was defined in. */
    private final class MacroValue implements Value.Callable {
        private final Node.Macro macro;
        private final Scope closure;

        MacroValue(Node.Macro macro, Scope closure) {
            this.macro = macro;
            this.closure = closure;
        }

        @Override
        public Value call(List<Value> args, Map<String, Value> kwargs) {
            Scope frame = new Scope(closure);
            List<Node.Param> params = macro.params();
            Map<String, Value> extraKwargs = new LinkedHashMap<>(kwargs);
            for (int i = 0; i < params.size(); i++) {
                Node.Param p = params.get(i);
                Value v;
                if (i < args.size()) v = args.get(i);
                else if (extraKwargs.containsKey(p.name())) v = extraKwargs.remove(p.name());
                else if (p.defaultValue() != null) v = eval(p.defaultValue(), frame);
                else v = new Value.Undefined("parameter '" + p.name() + "' was not provided");
                frame.set(p.name(), v);
            }
            if (extraKwargs.containsKey("caller")) frame.set("caller", extraKwargs.remove("caller"));
            List<Value> varargs = args.size() > params.size() ? args.subList(params.size(), args.size()) : List.of();
            frame.set("varargs", Value.list(varargs));
            Value.Dict kw = new Value.Dict();
            extraKwargs.forEach((k, v) -> kw.entries().put(Value.of(k), v));
            frame.set("kwargs", kw);
            StringBuilder out = new StringBuilder();
            exec(macro.body(), frame, out);
            return new Value.Str(out.toString());
        }
    }
}
