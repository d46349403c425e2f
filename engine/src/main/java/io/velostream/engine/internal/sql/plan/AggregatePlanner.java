package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.aggregate.AggregateOperator;
import io.velostream.engine.internal.exec.aggregate.Aggregation;
import io.velostream.engine.internal.exec.aggregate.WindowAggregateOperator;
import io.velostream.engine.internal.exec.window.WindowAssigner;
import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.function.Argument;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.BoundAggregate;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.OrderItem;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Plans a SELECT with GROUP BY or aggregate calls (docs/sql.md#aggregation) as two steps. The aggregation step
 * evaluates, per input, the GROUP BY values and each distinct aggregate call's arguments and
 * keeps one accumulator per call and group. Its output, one record per group result, has the
 * GROUP BY values ({@code $k0…}) and the aggregate results ({@code $a0…}) as columns. The select
 * list, HAVING and ORDER BY are rewritten over those columns — {@code SUM(amount)} becomes
 * {@code $a0}, {@code category} becomes {@code $k0} — and planned as an ordinary SELECT over the
 * group records, HAVING as its WHERE.
 */
final class AggregatePlanner {
    static final String GROUP_SOURCE = "$group";

    private final ExpressionCompiler compiler;
    private final Diagnostics diagnostics;
    private final Function<String, AggregateFunction> aggregates;
    private final RecordErrorHandler errors;
    private final Runnable lateRecords;

    AggregatePlanner(ExpressionCompiler compiler, Diagnostics diagnostics,
                     Function<String, AggregateFunction> aggregates, RecordErrorHandler errors, Runnable lateRecords) {
        this.compiler = compiler;
        this.diagnostics = diagnostics;
        this.aggregates = aggregates;
        this.errors = errors;
        this.lateRecords = lateRecords;
    }

    /** True for a SELECT that aggregates: GROUP BY, or an aggregate call outside OVER. */
    boolean isAggregate(Query.Select s) {
        if (!s.groupBy().isEmpty()) {
            return true;
        }
        boolean[] found = {false};
        for (Query.SelectItem item : s.items()) {
            if (item.expr() != null) {
                Exprs.forEach(item.expr(), e -> found[0] |= e instanceof Expr.Call c && c.over() == null
                        && isAggregateCall(c));
            }
        }
        if (s.having() != null) {
            found[0] = true;
        }
        return found[0];
    }

    /** A call of a built-in or user aggregate function. */
    private boolean isAggregateCall(Expr.Call c) {
        return aggregates.apply(c.name()) != null;
    }

    /** The aggregation operator and the SELECT to plan over its group records. */
    /** @param groupColumns the output names of the GROUP BY values, in GROUP BY order (null where not selected) */
    record Plan(Operator operator, Query.Select post, Schema groupSchema, List<String> groupColumns) {
    }

    Plan plan(Query.Select s, SelectScope inputScope, TimeSettings time, ToLongFunction<StreamRecord> eventTime) {
        Map<String, Expr> aliases = new HashMap<>();
        for (Query.SelectItem item : s.items()) {
            if (item.star()) {
                diagnostics.error(item.pos(), "SELECT * cannot be used with GROUP BY or aggregate functions");
            } else if (item.alias() != null) {
                aliases.putIfAbsent(item.alias().toLowerCase(Locale.ROOT), item.expr());
            }
        }
        List<String> names = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        Map<String, Integer> keyIndex = new LinkedHashMap<>();
        List<Evaluator> keyEvals = new ArrayList<>();
        int recordKeyPart = -1;
        for (Expr g : s.groupBy()) {
            Expr key = g instanceof Expr.ColumnRef ref && ref.qualifier() == null
                    && aliases.containsKey(ref.name().toLowerCase(Locale.ROOT))
                    ? aliases.get(ref.name().toLowerCase(Locale.ROOT)) : g;
            String canonical = Exprs.canonical(key);
            if (keyIndex.containsKey(canonical)) {
                continue;
            }
            Compiled c = compiler.compile(key, inputScope);
            if (key instanceof Expr.ColumnRef ref && ref.name().equalsIgnoreCase("_key")) {
                recordKeyPart = keyEvals.size();
            }
            keyIndex.put(canonical, keyEvals.size());
            names.add("$k" + keyEvals.size());
            types.add(c.type());
            keyEvals.add(c.eval());
        }

        Rewriter rewriter = new Rewriter(keyIndex, inputScope, s.window() != null);
        List<Query.SelectItem> items = new ArrayList<>();
        Map<String, Expr> rewrittenAliases = new HashMap<>();
        for (int i = 0; i < s.items().size(); i++) {
            Query.SelectItem item = s.items().get(i);
            if (item.star()) {
                continue;
            }
            Expr e = rewriter.rewrite(item.expr(), rewrittenAliases);
            String alias = item.alias() != null ? item.alias() : QueryPlanner.derivedName(item.expr(), i);
            rewrittenAliases.putIfAbsent(alias.toLowerCase(Locale.ROOT), e);
            items.add(new Query.SelectItem(item.pos(), false, null, e, alias, item.primaryKey()));
        }
        Expr having = s.having() == null ? null : rewriter.rewriteHaving(s.having(), rewrittenAliases);
        List<OrderItem> orderBy = new ArrayList<>();
        for (OrderItem o : s.orderBy()) {
            orderBy.add(new OrderItem(rewriter.rewrite(o.expr(), rewrittenAliases), o.descending(), o.nullsFirst()));
        }

        for (int i = 0; i < rewriter.calls.size(); i++) {
            names.add("$a" + i);
            types.add(rewriter.calls.get(i).function().returnType());
        }
        if (s.window() != null) {
            names.add("_window_start");
            types.add(SqlType.INTEGER);
            names.add("_window_end");
            types.add(SqlType.INTEGER);
        }
        Schema groupSchema = Schema.of(names, types);
        Aggregation aggregation = new Aggregation(keyEvals.toArray(new Evaluator[0]),
                rewriter.calls.toArray(new Aggregation.Call[0]), groupSchema, recordKeyPart);
        Operator operator = s.window() == null
                ? new AggregateOperator(aggregation, s.emit() != Query.EmitMode.FINAL, errors)
                : windowed(s, aggregation, inputScope, time, eventTime);
        Query.Select post = new Query.Select(s.pos(), s.distinct(), items,
                new Query.Source(s.from().pos(), GROUP_SOURCE, null, null), List.of(), having, List.of(), null, null,
                orderBy, s.limit(), null, s.into(), s.with());
        List<String> groupColumns = new ArrayList<>();
        for (int k = 0; k < keyEvals.size(); k++) {
            String selected = null;
            for (Query.SelectItem item : items) {
                if (item.expr() instanceof Expr.ColumnRef ref && ref.name().equals("$k" + k)) {
                    selected = item.alias();
                    break;
                }
            }
            groupColumns.add(selected);
        }
        return new Plan(operator, post, groupSchema, Collections.unmodifiableList(groupColumns));
    }

    /** The assigner of a WINDOW clause; throws IllegalArgumentException on a bad size, advance or grace. */
    static WindowAssigner assigner(Query.Window w) {
        long grace = w.graceMillis() == null ? 0 : w.graceMillis();
        return switch (w.kind()) {
            case TUMBLING -> WindowAssigner.tumbling(w.size(), grace);
            case SLIDING -> WindowAssigner.sliding(w.size(), w.advance(), grace);
            case SESSION -> WindowAssigner.session(w.size(), grace);
        };
    }

    /**
     * Without EMIT, a windowed aggregation emits FINAL (docs/sql.md#windows-and-time).
     *
     * @param eventTime the event time read from the payload, or null for the record's own
     */
    private Operator windowed(Query.Select s, Aggregation aggregation, SelectScope inputScope, TimeSettings time,
                              ToLongFunction<StreamRecord> eventTime) {
        Query.Window w = s.window();
        WindowAssigner assigner;
        try {
            assigner = assigner(w);
        } catch (IllegalArgumentException e) {
            diagnostics.error(w.pos(), e.getMessage());
            assigner = WindowAssigner.tumbling(1, 0);
        }
        ToLongFunction<StreamRecord> recordTime = w.timeColumn() != null
                ? WindowAggregateOperator.timeColumn(compiler.compile(w.timeColumn(), inputScope).eval())
                : eventTime != null ? eventTime : StreamRecord::eventTime;
        long retention = time.lateRetention() != null ? time.lateRetention() : assigner.size();
        WatermarkTracker watermark = time.newWatermark();
        if (time.sourcePartitions() > 0) {
            Evaluator sourcePartition = compiler.compile(new Expr.ColumnRef(w.pos(), null, Repartition.SOURCE_PARTITION),
                    inputScope).eval();
            recordTime = Repartition.watermarkBySourcePartition(recordTime, sourcePartition, watermark, time.sourcePartitions());
        }
        return new WindowAggregateOperator(aggregation, new WindowAggregateOperator.Settings(assigner,
                watermark, time.late(), retention, s.emit() == Query.EmitMode.CHANGES, recordTime),
                errors, lateRecords);
    }

    /** Rewrites expressions over the group records and binds the aggregate calls it meets. */
    private final class Rewriter {
        private final Map<String, Integer> keyIndex;
        private final SelectScope inputScope;
        private final boolean windowed;
        private final Map<String, Integer> callIndex = new HashMap<>();
        final List<Aggregation.Call> calls = new ArrayList<>();

        Rewriter(Map<String, Integer> keyIndex, SelectScope inputScope, boolean windowed) {
            this.keyIndex = keyIndex;
            this.inputScope = inputScope;
            this.windowed = windowed;
        }

        Expr rewrite(Expr e, Map<String, Expr> aliases) {
            return Exprs.rewrite(e, n -> replace(n, aliases, false));
        }

        /** HAVING sees the select list's aliases by their expressions (docs/sql.md#select). */
        Expr rewriteHaving(Expr e, Map<String, Expr> aliases) {
            return Exprs.rewrite(e, n -> replace(n, aliases, true));
        }

        private Expr replace(Expr n, Map<String, Expr> aliases, boolean inlineAliases) {
            Integer key = keyIndex.get(Exprs.canonical(n));
            if (key != null) {
                return new Expr.ColumnRef(n.pos(), null, "$k" + key);
            }
            if (n instanceof Expr.Call c && c.over() == null && isAggregateCall(c)) {
                return new Expr.ColumnRef(n.pos(), null, "$a" + bind(c));
            }
            if (n instanceof Expr.Call c && (c.name().equals("TUMBLE_START") || c.name().equals("TUMBLE_END"))) {
                if (!windowed) {
                    diagnostics.error(c.pos(), c.name() + " needs a WINDOW clause");
                    return new Expr.Literal(c.pos(), null, SqlType.NULL);
                }
                return new Expr.ColumnRef(c.pos(), null, c.name().equals("TUMBLE_START") ? "_window_start" : "_window_end");
            }
            if (n instanceof Expr.ColumnRef ref) {
                String name = ref.name().toLowerCase(Locale.ROOT);
                if (ref.qualifier() == null && aliases.containsKey(name)) {
                    return inlineAliases ? aliases.get(name) : n;
                }
                if (ref.qualifier() == null && SystemColumns.isSystem(ref.name())) {
                    return n;
                }
                diagnostics.error(ref.pos(), "column '" + ref.name()
                        + "' must appear in GROUP BY or be used in an aggregate function");
                return new Expr.Literal(ref.pos(), null, SqlType.NULL);
            }
            return null;
        }

        private int bind(Expr.Call c) {
            String canonical = Exprs.canonical(c);
            Integer known = callIndex.get(canonical);
            if (known != null) {
                return known;
            }
            AggregateFunction f = aggregates.apply(c.name());
            List<Expr> argExprs = c.withinGroup() != null && !c.withinGroup().isEmpty()
                    ? c.withinGroup().stream().map(OrderItem::expr).toList() : c.args();
            List<Object> direct = new ArrayList<>();
            if (argExprs != c.args()) {
                for (Expr d : c.args()) {
                    Compiled dc = compiler.compile(d, inputScope);
                    if (!dc.constant()) {
                        diagnostics.error(d.pos(), c.name() + " needs a constant here");
                    }
                    direct.add(dc.value());
                }
            }
            List<Argument> infos = new ArrayList<>();
            List<Evaluator> evals = new ArrayList<>();
            for (Expr a : argExprs) {
                Compiled ac = compiler.compile(a, inputScope);
                infos.add(ac.constant() ? Argument.constant(ac.type(), ac.value()) : Argument.of(ac.type()));
                evals.add(ac.eval());
            }
            BoundAggregate bound = null;
            if (f == null) {
                diagnostics.error(c.pos(), "unknown aggregate function " + c.name());
            } else {
                try {
                    bound = f.bind(infos, c.distinct(), direct);
                } catch (FunctionException e) {
                    diagnostics.error(c.pos(), e.getMessage());
                }
            }
            if (bound == null) {
                bound = NullAggregate.INSTANCE;
            }
            int index = calls.size();
            calls.add(new Aggregation.Call(bound, evals.subList(0, Math.min(bound.inputCount(), evals.size()))
                    .toArray(new Evaluator[0])));
            callIndex.put(canonical, index);
            return index;
        }
    }

    /** Stands in for an aggregate that failed to bind, so planning goes on to report every error. */
    private enum NullAggregate implements BoundAggregate {
        INSTANCE;

        @Override
        public SqlType returnType() {
            return SqlType.NULL;
        }

        @Override
        public int inputCount() {
            return 0;
        }

        @Override
        public boolean supportsRemove() {
            return false;
        }

        @Override
        public io.velostream.engine.function.aggregate.Accumulator newAccumulator() {
            throw new IllegalStateException("never run: the statement has errors");
        }
    }
}
