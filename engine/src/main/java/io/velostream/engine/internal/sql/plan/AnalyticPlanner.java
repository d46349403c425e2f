package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.analytic.AnalyticCall;
import io.velostream.engine.internal.exec.analytic.AnalyticFunction;
import io.velostream.engine.internal.exec.analytic.AnalyticOperator;
import io.velostream.engine.internal.exec.analytic.Frame;
import io.velostream.engine.internal.exec.analytic.Window;
import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.function.Argument;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.OrderItem;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans the analytic calls of a select list ({@code f(…) OVER (…)}, row windows, docs/row-windows.md). Each call
 * is computed by an {@link AnalyticOperator} that appends its result to the record; calls with the
 * same PARTITION BY share one operator. The select list is rewritten to read each result as
 * {@code $w<n>}, counted from the end of the record, so it works while a JSON source's schema grows.
 */
final class AnalyticPlanner {
    private final ExpressionCompiler compiler;
    private final Diagnostics diagnostics;
    private final Function<String, AggregateFunction> aggregates;

    AnalyticPlanner(ExpressionCompiler compiler, Diagnostics diagnostics, Function<String, AggregateFunction> aggregates) {
        this.compiler = compiler;
        this.diagnostics = diagnostics;
        this.aggregates = aggregates;
    }

    static boolean hasAnalytics(Query.Select s) {
        boolean[] found = {false};
        for (Query.SelectItem item : s.items()) {
            if (item.expr() != null) {
                Exprs.forEach(item.expr(), e -> found[0] |= e instanceof Expr.Call c && c.over() != null);
            }
        }
        return found[0];
    }

    /** The operators, in order, and the select list that reads their results. */
    record Plan(List<Operator> operators, Query.Select select) {
    }

    /**
     * Rewrites the select list and registers each {@code $w<n>} in {@code scope}.
     */
    Plan plan(Query.Select s, SelectScope scope) {
        Map<String, List<Expr.Call>> byPartition = new LinkedHashMap<>();
        Map<String, Expr.Call> distinct = new LinkedHashMap<>();
        for (Query.SelectItem item : s.items()) {
            if (item.expr() != null) {
                Exprs.forEach(item.expr(), e -> {
                    if (e instanceof Expr.Call c && c.over() != null) {
                        distinct.putIfAbsent(Exprs.canonical(c), c);
                    }
                });
            }
        }
        for (Expr.Call c : distinct.values()) {
            byPartition.computeIfAbsent(Exprs.canonical(c.over().partitionBy()), k -> new ArrayList<>()).add(c);
        }
        int total = distinct.size();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Operator> operators = new ArrayList<>();
        for (List<Expr.Call> calls : byPartition.values()) {
            AnalyticOperator.Builder builder = AnalyticOperator.builder();
            builder.partitionBy(calls.get(0).over().partitionBy().stream()
                    .map(e -> compiler.compile(e, scope).eval()).toArray(Evaluator[]::new));
            Map<String, Window> windows = new LinkedHashMap<>();
            for (Expr.Call c : calls) {
                int n = index.size();
                index.put(Exprs.canonical(c), n);
                AnalyticCall call = call(c, "$w" + n, scope, windows);
                builder.call(call);
                SqlType type = call.function().returnType();
                int fromEnd = total - n;
                scope.addExtra("$w" + n, row -> row.in.value(row.in.schema().size() - fromEnd), type);
            }
            operators.add(builder.build());
        }
        List<Query.SelectItem> items = new ArrayList<>();
        for (int i = 0; i < s.items().size(); i++) {
            Query.SelectItem item = s.items().get(i);
            if (item.star()) {
                items.add(item);
                continue;
            }
            Expr e = Exprs.rewrite(item.expr(), n -> n instanceof Expr.Call c && c.over() != null
                    ? new Expr.ColumnRef(c.pos(), null, "$w" + index.get(Exprs.canonical(c))) : null);
            String alias = item.alias() != null ? item.alias() : QueryPlanner.derivedName(item.expr(), i);
            items.add(new Query.SelectItem(item.pos(), false, null, e, alias, item.primaryKey()));
        }
        Query.Select rewritten = new Query.Select(s.pos(), s.distinct(), items, s.from(), s.joins(), null,
                s.groupBy(), s.window(), s.having(), s.orderBy(), s.limit(), s.emit(), s.into(), s.with());
        return new Plan(operators, rewritten);
    }

    private AnalyticCall call(Expr.Call c, String name, SelectScope scope, Map<String, Window> windows) {
        Expr.Over over = c.over();
        List<Argument> infos = new ArrayList<>();
        List<Evaluator> args = new ArrayList<>();
        for (Expr a : c.args()) {
            Compiled ac = compiler.compile(a, scope);
            infos.add(ac.constant() ? Argument.constant(ac.type(), ac.value()) : Argument.of(ac.type()));
            args.add(ac.eval());
        }
        List<SqlType> keyTypes = new ArrayList<>();
        List<Window.OrderKey> keys = new ArrayList<>();
        for (OrderItem o : over.orderBy()) {
            Compiled k = compiler.compile(o.expr(), scope);
            keyTypes.add(k.type());
            boolean nullsFirst = o.nullsFirst() != null ? o.nullsFirst() : !o.descending();
            keys.add(new Window.OrderKey(k.eval(), o.descending(), nullsFirst));
        }
        // Calls with the same OVER clause share one buffer: the operator groups them by Window identity.
        Window window = windows.computeIfAbsent(Exprs.canonical(over.orderBy()) + "|" + over.bufferRows(),
                k -> new Window(keys, over.bufferRows()));
        try {
            AnalyticFunction f = AnalyticFunction.bind(c.name(), infos, c.distinct(), keyTypes, frame(over.frame(), scope),
                    aggregates);
            return new AnalyticCall(name, f, args, window);
        } catch (IllegalArgumentException e) {
            diagnostics.error(c.pos(), e.getMessage());
            AnalyticFunction f = AnalyticFunction.bind("ROW_NUMBER", List.of(), false, keyTypes, null, aggregates);
            return new AnalyticCall(name, f, List.of(), window);
        }
    }

    private Frame frame(Expr.Frame f, SelectScope scope) {
        if (f == null) {
            return null;
        }
        return new Frame(f.range(), bound(f.start(), scope), bound(f.end(), scope));
    }

    private Frame.Bound bound(Expr.FrameBound b, SelectScope scope) {
        Object offset = null;
        if (b.offset() != null) {
            Compiled c = compiler.compile(b.offset(), scope);
            if (!c.constant()) {
                diagnostics.error(b.offset().pos(), "a frame offset must be a constant");
            }
            offset = c.value();
        }
        return new Frame.Bound(switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> Frame.BoundKind.UNBOUNDED_PRECEDING;
            case PRECEDING -> Frame.BoundKind.PRECEDING;
            case CURRENT_ROW -> Frame.BoundKind.CURRENT_ROW;
            case FOLLOWING -> Frame.BoundKind.FOLLOWING;
            case UNBOUNDED_FOLLOWING -> Frame.BoundKind.UNBOUNDED_FOLLOWING;
        }, offset);
    }
}
