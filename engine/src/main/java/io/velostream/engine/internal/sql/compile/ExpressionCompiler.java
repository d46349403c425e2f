package io.velostream.engine.internal.sql.compile;

import io.velostream.engine.internal.exec.expr.Arithmetic;
import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.HeaderFunctions;
import io.velostream.engine.internal.exec.expr.Predicates;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.function.Argument;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles an expression once into an {@link Evaluator} closure: columns resolved to slots,
 * functions bound, constant sub-expressions folded, LIKE and regular expressions compiled.
 * Type errors that are certain at compile time (arithmetic on a STRING column, an unknown
 * function, a wrong argument count) are reported to {@link Diagnostics} with their position;
 * compilation goes on so that every error of a statement is reported together.
 *
 * <p>It reads the AST, so it lives on the SQL side; what it builds ({@link Compiled},
 * {@link Evaluator} closures over a {@link Row}) is the runtime in {@code exec.expr}.
 */
public final class ExpressionCompiler {
    private final Function<String, ScalarFunction> functions;
    private final Function<String, AggregateFunction> aggregates;
    private final FunctionContext context;
    private final Diagnostics diagnostics;
    private SubqueryCompiler subqueries;

    /**
     * @param functions  looks a function up by its upper-case name; null when there is none
     * @param aggregates looks an aggregate function up the same way (built-in or user): such a call is
     *                   planned by the aggregation, so the compiler rejects it where it is left
     */
    public ExpressionCompiler(Function<String, ScalarFunction> functions, Function<String, AggregateFunction> aggregates,
                              FunctionContext context, Diagnostics diagnostics) {
        this.functions = functions;
        this.aggregates = aggregates;
        this.context = context;
        this.diagnostics = diagnostics;
    }

    /** Compiles the subqueries of expressions from now on; without it, a subquery is an error. */
    public void subqueries(SubqueryCompiler compiler) {
        this.subqueries = compiler;
    }

    /** Compiles {@code expr}; on an error reports it and returns a NULL constant so compilation goes on. */
    public Compiled compile(Expr expr, Scope scope) {
        return compileNode(expr, scope);
    }

    /**
     * Folds {@code c} into a constant when all its inputs are constants: the work is done once
     * here, and callers see the value (a LIKE pattern built from literals is compiled once).
     */
    private Compiled fold(Position pos, Compiled c, List<Compiled> inputs) {
        if (c.constant()) {
            return c;
        }
        for (Compiled in : inputs) {
            if (!in.constant()) {
                return c;
            }
        }
        try {
            Row probe = new Row();
            Object value = c.eval().eval(probe);
            if (probe.warnings > 0) {
                return c; // a warning (division by zero) counts per record, so it is not folded away
            }
            return Compiled.constant(value, c.type());
        } catch (ValueException e) {
            return error(pos, e.getMessage());
        }
    }

    private Compiled nullConstant() {
        return Compiled.constant(null, SqlType.NULL);
    }

    private Compiled error(Position pos, String message) {
        diagnostics.error(pos, message);
        return nullConstant();
    }

    private Compiled compileNode(Expr expr, Scope scope) {
        if (expr instanceof Expr.Literal l) {
            return Compiled.constant(l.value(), l.type());
        } else if (expr instanceof Expr.ColumnRef c) {
            return column(c, scope);
        } else if (expr instanceof Expr.Unary u) {
            return unary(u, scope);
        } else if (expr instanceof Expr.Binary b) {
            return binary(b, scope);
        } else if (expr instanceof Expr.IsNull n) {
            return isNull(n, scope);
        } else if (expr instanceof Expr.InList in) {
            return inList(in, scope);
        } else if (expr instanceof Expr.Between b) {
            return between(b, scope);
        } else if (expr instanceof Expr.Like l) {
            return like(l, scope);
        } else if (expr instanceof Expr.Case c) {
            return caseExpr(c, scope);
        } else if (expr instanceof Expr.Cast c) {
            return cast(c, scope);
        } else if (expr instanceof Expr.Call c) {
            return call(c, scope);
        } else if (expr instanceof Expr.Subscript s) {
            return subscript(s, scope);
        } else if (expr instanceof Expr.FieldAccess f) {
            return fieldAccess(compile(f.base(), scope), f.field());
        } else if (expr instanceof Expr.InSubquery s) {
            return subqueries == null ? notYet(s.pos(), "IN (subquery)")
                    : subqueries.in(s, compile(s.operand(), scope), scope);
        } else if (expr instanceof Expr.Exists s) {
            return subqueries == null ? notYet(s.pos(), "EXISTS (subquery)") : subqueries.exists(s, scope);
        } else if (expr instanceof Expr.ScalarSubquery s) {
            return subqueries == null ? notYet(s.pos(), "a scalar subquery") : subqueries.scalar(s, scope);
        }
        throw new IllegalStateException("unhandled expression " + expr);
    }

    private Compiled notYet(Position pos, String what) {
        return error(pos, what + " is not supported yet");
    }

    private Compiled column(Expr.ColumnRef ref, Scope scope) {
        Compiled c;
        try {
            c = scope.resolve(ref);
        } catch (IllegalArgumentException ambiguous) {
            return error(ref.pos(), ambiguous.getMessage());
        }
        if (c != null) {
            return c;
        }
        if (ref.qualifier() != null) {
            // `a.b` where `a` is not a source alias: a field of the struct/map column `a`.
            Compiled base = scope.resolve(new Expr.ColumnRef(ref.pos(), null, ref.qualifier()));
            if (base != null) {
                return fieldAccess(base, ref.name());
            }
            return error(ref.pos(), "unknown column '" + ref.qualifier() + "." + ref.name() + "'" + scope.describe());
        }
        return error(ref.pos(), "unknown column '" + ref.name() + "'" + scope.describe());
    }

    private static Compiled fieldAccess(Compiled base, String field) {
        Evaluator b = base.eval();
        return Compiled.of(row -> b.eval(row) instanceof Map<?, ?> m ? m.get(field) : null, SqlType.ANY);
    }

    private Compiled subscript(Expr.Subscript s, Scope scope) {
        Evaluator base = compile(s.base(), scope).eval();
        Evaluator index = compile(s.index(), scope).eval();
        return Compiled.of(row -> {
            Object b = base.eval(row);
            Object i = index.eval(row);
            if (b == null || i == null) {
                return null;
            }
            if (b instanceof List<?> list) {
                long n = Coercions.toLong(i);
                return n >= 1 && n <= list.size() ? list.get((int) n - 1) : null;
            } else if (b instanceof Map<?, ?> m) {
                return m.get(Values.toDisplayString(i));
            }
            throw new ValueException("cannot index " + Values.typeOf(b) + " with [" + Values.toDisplayString(i) + "]");
        }, SqlType.ANY);
    }

    private Compiled unary(Expr.Unary u, Scope scope) {
        Compiled operand = compile(u.operand(), scope);
        Evaluator e = operand.eval();
        if (u.op() == Expr.UnaryOp.NOT) {
            if (!requireBoolean(u.operand(), operand, "NOT")) {
                return nullConstant();
            }
            return fold(u.pos(), Compiled.of(row -> {
                Boolean b = Predicates.truth(e.eval(row));
                return b == null ? null : !b;
            }, SqlType.BOOLEAN), List.of(operand));
        }
        if (!operand.type().maybeNumeric() && operand.type() != SqlType.INTERVAL) {
            return error(u.pos(), "'-' needs a number, got " + operand.type());
        }
        return fold(u.pos(), Compiled.of(row -> Arithmetic.negate(e.eval(row)), operand.type()), List.of(operand));
    }

    private boolean requireBoolean(Expr at, Compiled c, String context) {
        SqlType t = c.type();
        if (t != SqlType.BOOLEAN && t != SqlType.ANY && t != SqlType.NULL) {
            diagnostics.error(at.pos(), context + " needs a BOOLEAN, got " + t);
            return false;
        }
        return true;
    }

    private Compiled binary(Expr.Binary b, Scope scope) {
        Compiled l = compile(b.left(), scope);
        Compiled r = compile(b.right(), scope);
        if (isComparison(b.op())) {
            Compiled l0 = l;
            l = timeText(b.left(), l, r.type());
            r = timeText(b.right(), r, l0.type());
        }
        return fold(b.pos(), binary(b, l, r), List.of(l, r));
    }

    private static boolean isComparison(Expr.BinaryOp op) {
        return switch (op) {
            case EQ, NE, LT, GT, LE, GE -> true;
            default -> false;
        };
    }

    /**
     * A STRING compared with a TIMESTAMP or DATE is read as a timestamp (docs/sql.md#types-literals-and-arithmetic: {@code ts > '2024-01-01'});
     * a literal once here, a column per record.
     */
    private Compiled timeText(Expr at, Compiled c, SqlType other) {
        if (c.type() != SqlType.STRING || !isTime(other)) {
            return c;
        }
        if (c.constant()) {
            try {
                return Compiled.constant(Coercions.toTimestamp(c.value()), SqlType.TIMESTAMP);
            } catch (ValueException e) {
                return error(at.pos(), e.getMessage());
            }
        }
        Evaluator e = c.eval();
        return Compiled.of(row -> Coercions.toTimestamp(e.eval(row)), SqlType.TIMESTAMP);
    }

    private Compiled binary(Expr.Binary b, Compiled l, Compiled r) {
        Evaluator le = l.eval();
        Evaluator re = r.eval();
        return switch (b.op()) {
            case AND -> {
                if (!requireBoolean(b.left(), l, "AND") | !requireBoolean(b.right(), r, "AND")) {
                    yield nullConstant();
                }
                yield Compiled.of(row -> {
                    Boolean x = Predicates.truth(le.eval(row));
                    if (x == Boolean.FALSE) {
                        return Boolean.FALSE;
                    }
                    Boolean y = Predicates.truth(re.eval(row));
                    return y == Boolean.FALSE ? Boolean.FALSE : x == null || y == null ? null : Boolean.TRUE;
                }, SqlType.BOOLEAN);
            }
            case OR -> {
                if (!requireBoolean(b.left(), l, "OR") | !requireBoolean(b.right(), r, "OR")) {
                    yield nullConstant();
                }
                yield Compiled.of(row -> {
                    Boolean x = Predicates.truth(le.eval(row));
                    if (x == Boolean.TRUE) {
                        return Boolean.TRUE;
                    }
                    Boolean y = Predicates.truth(re.eval(row));
                    return y == Boolean.TRUE ? Boolean.TRUE : x == null || y == null ? null : Boolean.FALSE;
                }, SqlType.BOOLEAN);
            }
            case EQ -> comparison(b, l, r, row -> Predicates.equal(le.eval(row), re.eval(row)));
            case NE -> comparison(b, l, r, row -> {
                Boolean eq = Predicates.equal(le.eval(row), re.eval(row));
                return eq == null ? null : !eq;
            });
            case LT -> ordering(b, l, r, c -> c < 0);
            case GT -> ordering(b, l, r, c -> c > 0);
            case LE -> ordering(b, l, r, c -> c <= 0);
            case GE -> ordering(b, l, r, c -> c >= 0);
            case REGEX -> regexMatch(b, l, r);
            case CONCAT -> Compiled.of(row -> Arithmetic.concat(le.eval(row), re.eval(row)), SqlType.STRING);
            case ADD -> arithmetic(b, l, r, row -> Arithmetic.add(le.eval(row), re.eval(row)));
            case SUB -> arithmetic(b, l, r, row -> Arithmetic.subtract(le.eval(row), re.eval(row)));
            case MUL -> arithmetic(b, l, r, row -> Arithmetic.multiply(le.eval(row), re.eval(row)));
            case DIV -> arithmetic(b, l, r, row -> Arithmetic.divide(le.eval(row), re.eval(row), row));
            case MOD -> arithmetic(b, l, r, row -> Arithmetic.modulo(le.eval(row), re.eval(row), row));
        };
    }

    private Compiled arithmetic(Expr.Binary b, Compiled l, Compiled r, Evaluator e) {
        SqlType lt = l.type();
        SqlType rt = r.type();
        boolean temporal = isTemporal(lt) || isTemporal(rt);
        if (!temporal && (!lt.maybeNumeric() || !rt.maybeNumeric())) {
            Compiled bad = lt.maybeNumeric() ? r : l;
            return error(b.pos(), "'" + b.op().symbol + "' needs numbers, got " + bad.type()
                    + (bad == l ? " on the left" : " on the right"));
        }
        return Compiled.of(e, temporal ? temporalResult(b.op(), lt, rt) : numericResult(lt, rt));
    }

    private static boolean isTemporal(SqlType t) {
        return t == SqlType.TIMESTAMP || t == SqlType.DATE || t == SqlType.INTERVAL;
    }

    private static SqlType temporalResult(Expr.BinaryOp op, SqlType l, SqlType r) {
        if (l == SqlType.INTERVAL && r == SqlType.INTERVAL) {
            return SqlType.INTERVAL;
        }
        if (op == Expr.BinaryOp.SUB && l == SqlType.TIMESTAMP && r == SqlType.TIMESTAMP) {
            return SqlType.INTEGER;
        }
        return l == SqlType.ANY || r == SqlType.ANY ? SqlType.ANY : SqlType.TIMESTAMP;
    }

    /** Promotion INTEGER → DECIMAL → FLOAT; unknown when either side is only known at run time. */
    static SqlType numericResult(SqlType l, SqlType r) {
        if (l == SqlType.FLOAT || r == SqlType.FLOAT) {
            return SqlType.FLOAT;
        }
        if (l == SqlType.ANY || r == SqlType.ANY || l == SqlType.NULL || r == SqlType.NULL) {
            return l == r || l == SqlType.NULL || r == SqlType.NULL ? (l == SqlType.NULL ? r : l) : SqlType.ANY;
        }
        return l == SqlType.DECIMAL || r == SqlType.DECIMAL ? SqlType.DECIMAL : SqlType.INTEGER;
    }

    private Compiled comparison(Expr.Binary b, Compiled l, Compiled r, Evaluator e) {
        checkComparable(b.pos(), l.type(), r.type());
        return Compiled.of(e, SqlType.BOOLEAN);
    }

    private Compiled ordering(Expr.Binary b, Compiled l, Compiled r, java.util.function.IntPredicate test) {
        checkComparable(b.pos(), l.type(), r.type());
        Evaluator le = l.eval();
        Evaluator re = r.eval();
        return Compiled.of(row -> {
            Integer c = Predicates.compare(le.eval(row), re.eval(row));
            return c == null ? null : test.test(c);
        }, SqlType.BOOLEAN);
    }

    /** Rejects comparisons that can never work, such as a STRING column with a number. */
    private void checkComparable(Position pos, SqlType l, SqlType r) {
        if (l == r || l == SqlType.ANY || r == SqlType.ANY || l == SqlType.NULL || r == SqlType.NULL) {
            return;
        }
        boolean ok = (l.isNumeric() && r.isNumeric())
                || (isTime(l) && (isTime(r) || r == SqlType.INTEGER || r == SqlType.STRING))
                || (isTime(r) && (l == SqlType.INTEGER || l == SqlType.STRING));
        if (!ok) {
            diagnostics.error(pos, "cannot compare " + l + " with " + r);
        }
    }

    private static boolean isTime(SqlType t) {
        return t == SqlType.TIMESTAMP || t == SqlType.DATE;
    }

    private Compiled regexMatch(Expr.Binary b, Compiled l, Compiled r) {
        Evaluator le = l.eval();
        if (r.constant()) {
            if (r.value() == null) {
                return Compiled.constant(null, SqlType.BOOLEAN);
            }
            Pattern p = compilePattern(b.right().pos(), Values.toDisplayString(r.value()));
            if (p == null) {
                return nullConstant();
            }
            return Compiled.of(row -> {
                Object s = le.eval(row);
                return s == null ? null : p.matcher(Values.toDisplayString(s)).find();
            }, SqlType.BOOLEAN);
        }
        Evaluator re = r.eval();
        return Compiled.of(row -> {
            Object s = le.eval(row);
            Object p = re.eval(row);
            if (s == null || p == null) {
                return null;
            }
            try {
                return Pattern.compile(Values.toDisplayString(p)).matcher(Values.toDisplayString(s)).find();
            } catch (PatternSyntaxException ex) {
                throw new ValueException("bad regular expression: " + ex.getDescription());
            }
        }, SqlType.BOOLEAN);
    }

    private Pattern compilePattern(Position pos, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException ex) {
            diagnostics.error(pos, "bad regular expression: " + ex.getDescription());
            return null;
        }
    }

    private Compiled isNull(Expr.IsNull n, Scope scope) {
        Compiled operand = compile(n.operand(), scope);
        Evaluator e = operand.eval();
        return fold(n.pos(), n.negated()
                ? Compiled.of(row -> e.eval(row) != null, SqlType.BOOLEAN)
                : Compiled.of(row -> e.eval(row) == null, SqlType.BOOLEAN), List.of(operand));
    }

    private Compiled inList(Expr.InList in, Scope scope) {
        Compiled operand = compile(in.operand(), scope);
        Evaluator op = operand.eval();
        List<Compiled> values = new ArrayList<>();
        for (Expr v : in.values()) {
            Compiled c = timeText(v, compile(v, scope), operand.type());
            checkComparable(v.pos(), operand.type(), c.type());
            values.add(c);
        }
        boolean negated = in.negated();
        List<Compiled> inputs = new ArrayList<>(values);
        inputs.add(operand);
        Set<Object> fast = exactSet(values);
        if (fast != null) {
            // Only same-class literals of exact types: a hash probe gives the same answer as `=`.
            Class<?> cls = fast.iterator().next().getClass();
            return fold(in.pos(), Compiled.of(row -> {
                Object v = op.eval(row);
                if (v == null) {
                    return null;
                }
                if (v.getClass() == cls) {
                    return fast.contains(v) != negated;
                }
                return inScan(v, values, row, negated);
            }, SqlType.BOOLEAN), inputs);
        }
        return fold(in.pos(), Compiled.of(row -> {
            Object v = op.eval(row);
            return v == null ? null : inScan(v, values, row, negated);
        }, SqlType.BOOLEAN), inputs);
    }

    private static Set<Object> exactSet(List<Compiled> values) {
        Set<Object> set = new HashSet<>();
        Class<?> cls = null;
        for (Compiled c : values) {
            if (!c.constant() || !(c.value() instanceof Long || c.value() instanceof String)) {
                return null;
            }
            if (cls != null && c.value().getClass() != cls) {
                return null;
            }
            cls = c.value().getClass();
            set.add(c.value());
        }
        return set.isEmpty() ? null : set;
    }

    private static Boolean inScan(Object v, List<Compiled> values, Row row, boolean negated) {
        boolean unknown = false;
        for (Compiled c : values) {
            Object x = c.eval().eval(row);
            if (x == null) {
                unknown = true;
            } else if (Values.sqlEquals(v, x)) {
                return !negated;
            }
        }
        return unknown ? null : negated;
    }

    private Compiled between(Expr.Between b, Scope scope) {
        Compiled operand = compile(b.operand(), scope);
        Compiled low = timeText(b.low(), compile(b.low(), scope), operand.type());
        Compiled high = timeText(b.high(), compile(b.high(), scope), operand.type());
        checkComparable(b.low().pos(), operand.type(), low.type());
        checkComparable(b.high().pos(), operand.type(), high.type());
        Evaluator v = operand.eval();
        Evaluator lo = low.eval();
        Evaluator hi = high.eval();
        boolean negated = b.negated();
        return fold(b.pos(), Compiled.of(row -> {
            Object x = v.eval(row);
            Integer c1 = Predicates.compare(x, lo.eval(row));
            Integer c2 = Predicates.compare(x, hi.eval(row));
            Boolean ge = c1 == null ? null : c1 >= 0;
            Boolean le = c2 == null ? null : c2 <= 0;
            Boolean in = ge == Boolean.FALSE || le == Boolean.FALSE ? Boolean.FALSE
                    : ge == null || le == null ? null : Boolean.TRUE;
            return in == null ? null : in != negated;
        }, SqlType.BOOLEAN), List.of(operand, low, high));
    }

    private Compiled like(Expr.Like l, Scope scope) {
        Compiled operand = compile(l.operand(), scope);
        Evaluator v = operand.eval();
        Compiled pattern = compile(l.pattern(), scope);
        boolean negated = l.negated();
        if (pattern.constant()) {
            if (pattern.value() == null) {
                return Compiled.constant(null, SqlType.BOOLEAN);
            }
            Predicates.Like like = new Predicates.Like(Values.toDisplayString(pattern.value()));
            return fold(l.pos(), Compiled.of(row -> {
                Object x = v.eval(row);
                return x == null ? null : like.matches(Values.toDisplayString(x)) != negated;
            }, SqlType.BOOLEAN), List.of(operand));
        }
        Evaluator p = pattern.eval();
        return Compiled.of(row -> {
            Object x = v.eval(row);
            Object pat = p.eval(row);
            if (x == null || pat == null) {
                return null;
            }
            return new Predicates.Like(Values.toDisplayString(pat)).matches(Values.toDisplayString(x)) != negated;
        }, SqlType.BOOLEAN);
    }

    private Compiled caseExpr(Expr.Case c, Scope scope) {
        int n = c.whens().size();
        Evaluator[] conditions = new Evaluator[n];
        Evaluator[] results = new Evaluator[n];
        SqlType type = SqlType.NULL;
        List<Compiled> inputs = new ArrayList<>();
        Compiled operandC = c.operand() == null ? null : compile(c.operand(), scope);
        Evaluator operand = operandC == null ? null : operandC.eval();
        if (operandC != null) {
            inputs.add(operandC);
        }
        for (int i = 0; i < n; i++) {
            Expr.When w = c.whens().get(i);
            Compiled cond = compile(w.condition(), scope);
            if (operand == null) {
                requireBoolean(w.condition(), cond, "WHEN");
            }
            conditions[i] = cond.eval();
            Compiled result = compile(w.result(), scope);
            inputs.add(cond);
            inputs.add(result);
            results[i] = result.eval();
            type = unify(type, result.type());
        }
        Compiled elseC = c.elseResult() == null ? nullConstant() : compile(c.elseResult(), scope);
        Evaluator otherwise = elseC.eval();
        type = unify(type, elseC.type());
        inputs.add(elseC);
        if (operand == null) {
            return fold(c.pos(), Compiled.of(row -> {
                for (int i = 0; i < conditions.length; i++) {
                    if (Predicates.isTrue(conditions[i].eval(row))) {
                        return results[i].eval(row);
                    }
                }
                return otherwise.eval(row);
            }, type), inputs);
        }
        return fold(c.pos(), Compiled.of(row -> {
            Object v = operand.eval(row);
            if (v != null) {
                for (int i = 0; i < conditions.length; i++) {
                    Object w = conditions[i].eval(row);
                    if (w != null && Values.sqlEquals(v, w)) {
                        return results[i].eval(row);
                    }
                }
            }
            return otherwise.eval(row);
        }, type), inputs);
    }

    private static SqlType unify(SqlType a, SqlType b) {
        if (a == SqlType.NULL) {
            return b;
        }
        if (b == SqlType.NULL || a == b) {
            return a;
        }
        return a.isNumeric() && b.isNumeric() ? numericResult(a, b) : SqlType.ANY;
    }

    /** The largest scale of {@code CAST(x AS DECIMAL(p, s))}: a larger one would not fit in memory. */
    static final int MAX_DECIMAL_SCALE = 1000;

    private Compiled cast(Expr.Cast c, Scope scope) {
        Compiled operand = compile(c.operand(), scope);
        SqlType target = SqlType.fromName(c.type().name());
        if (target == null || target == SqlType.ANY || target == SqlType.NULL) {
            return error(c.pos(), "unknown type '" + c.type().name()
                    + "' in CAST (use INTEGER, FLOAT, DECIMAL, STRING, BOOLEAN, TIMESTAMP or DATE)");
        }
        int scale = c.type().scale() != null && target == SqlType.DECIMAL ? c.type().scale() : -1;
        if (scale > MAX_DECIMAL_SCALE) {
            return error(c.pos(), "DECIMAL scale " + scale + " is out of range (at most " + MAX_DECIMAL_SCALE + ")");
        }
        Evaluator e = operand.eval();
        return fold(c.pos(), Compiled.of(row -> Coercions.cast(e.eval(row), target, scale), target), List.of(operand));
    }

    private Compiled call(Expr.Call call, Scope scope) {
        String name = call.name();
        if (call.over() != null) {
            // Analytic calls are taken out of the select list before compiling; any left are elsewhere.
            return error(call.pos(), "analytic function " + name + " OVER (…) is not allowed here");
        }
        if (aggregates.apply(name) != null) {
            // Aggregates are taken out of the select list, HAVING and ORDER BY before compiling; any left
            // are in WHERE, GROUP BY or another aggregate's arguments.
            return error(call.pos(), "aggregate function " + name + " is not allowed here");
        }
        if (name.equals("TUMBLE_START") || name.equals("TUMBLE_END")) {
            return notYet(call.pos(), name + " (windows)");
        }
        List<Compiled> args = new ArrayList<>(call.args().size());
        for (Expr a : call.args()) {
            args.add(compile(a, scope));
        }
        if (HeaderFunctions.isHeaderFunction(name)) {
            try {
                return HeaderFunctions.compile(name, args);
            } catch (FunctionException e) {
                return error(call.pos(), e.getMessage());
            }
        }
        ScalarFunction f = functions.apply(name);
        if (f == null) {
            return error(call.pos(), "unknown function " + name);
        }
        List<Argument> infos = new ArrayList<>(args.size());
        for (Compiled a : args) {
            infos.add(a.constant() ? Argument.constant(a.type(), a.value()) : Argument.of(a.type()));
        }
        BoundFunction bound;
        try {
            bound = f.bind(infos, context);
        } catch (FunctionException e) {
            return error(call.pos(), e.getMessage());
        }
        Evaluator[] argEvals = args.stream().map(Compiled::eval).toArray(Evaluator[]::new);
        Object[] buffer = new Object[argEvals.length];
        Compiled result = Compiled.of(row -> {
            for (int i = 0; i < argEvals.length; i++) {
                buffer[i] = argEvals[i].eval(row);
            }
            return bound.invoke(buffer);
        }, bound.returnType());
        return bound.deterministic() ? fold(call.pos(), result, args) : result;
    }
}
