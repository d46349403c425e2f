package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.DistinctOperator;
import io.velostream.engine.internal.exec.op.EventTimeOperator;
import io.velostream.engine.internal.exec.op.LimitOperator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.op.SelectOperator;
import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.internal.exec.op.SortOperator;
import io.velostream.engine.internal.exec.time.EventTimeExtractor;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Turns one SELECT into operators, in SQL's order: the event time (when the source names a field),
 * WHERE and the select list in one {@link SelectOperator}, then DISTINCT, ORDER BY and LIMIT.
 * GROUP BY, WINDOW and aggregate calls go through {@link AggregatePlanner} (the select list then
 * reads its group records), a JOIN through {@link JoinPlanner}, OVER through {@link AnalyticPlanner},
 * subqueries through {@link SubqueryPlanner}. Errors, including the combinations not supported yet,
 * are reported with their position and planning goes on, so a statement gets every error at once.
 */
public final class QueryPlanner {
    /** What a planned SELECT needs from its job: the source's schema and what it knows of the source. */
    public record Input(Schema schema, boolean bounded, Map<String, String> options) {
        /** An input without options (no event-time field, default watermark). */
        public Input(Schema schema, boolean bounded) {
            this(schema, bounded, Map.of());
        }
    }

    /**
     * The planned query: its operators and its output schema (which may grow with a JSON source).
     * A stream–stream join also has the operators that the JOIN's stream goes through
     * ({@code right}; null otherwise): the job reads both streams. {@code keyColumns} are the output
     * columns its key is made of (PRIMARY KEY items, else the selected GROUP BY columns), in order.
     */
    public record Planned(Operator operator, SelectOperator select, Operator right, List<String> keyColumns) {
        public Planned(Operator operator, SelectOperator select) {
            this(operator, select, null, List.of());
        }

        Planned withOperator(Operator newOperator) {
            return new Planned(newOperator, select, right, keyColumns);
        }

        public Schema outputSchema() {
            return select.outputSchema();
        }
    }

    /** The JOIN's right side as the application resolves it: a table, or a second stream. */
    public sealed interface JoinSide {
        Schema schema();
    }

    /** A table: looked up by its key columns, in order. */
    public record TableSide(TableStore table, List<String> keyColumns) implements JoinSide {
        @Override
        public Schema schema() {
            return table.schema();
        }
    }

    /** A stream read by the same job. */
    public record StreamSide(Schema schema, Map<String, String> options) implements JoinSide {
    }

    private final ExpressionCompiler compiler;
    private final Diagnostics diagnostics;
    private final RecordErrorHandler errors;
    private final int distinctMaxEntries;
    private final AggregatePlanner aggregates;
    private final AnalyticPlanner analytics;
    private final JoinPlanner joins;
    private static final Function<String, AggregateFunction> BUILTIN_AGGREGATES = name ->
            AggregateRegistry.builtins().find(name).orElse(null);

    public QueryPlanner(ExpressionCompiler compiler, Diagnostics diagnostics, RecordErrorHandler errors,
                        int distinctMaxEntries) {
        this(compiler, diagnostics, errors, distinctMaxEntries, BUILTIN_AGGREGATES, () -> { });
    }

    /**
     * @param aggregates  looks an aggregate function up by its upper-case name; null when there is none
     * @param lateRecords counts a record dropped as late by a windowed aggregation
     */
    public QueryPlanner(ExpressionCompiler compiler, Diagnostics diagnostics, RecordErrorHandler errors,
                        int distinctMaxEntries, Function<String, AggregateFunction> aggregates, Runnable lateRecords) {
        this.compiler = compiler;
        this.diagnostics = diagnostics;
        this.errors = errors;
        this.distinctMaxEntries = distinctMaxEntries;
        this.aggregates = new AggregatePlanner(compiler, diagnostics, aggregates, errors, lateRecords);
        this.analytics = new AnalyticPlanner(compiler, diagnostics, aggregates);
        this.joins = new JoinPlanner(compiler, diagnostics, errors, lateRecords);
    }

    /** True for a SELECT that aggregates: GROUP BY, HAVING, or a call of an aggregate function. */
    boolean isAggregate(Query.Select select) {
        return aggregates.isAggregate(select);
    }

    /** How the planner finds a JOIN's right side; without it, a JOIN is an error. */
    public QueryPlanner joinSides(Function<Query.Source, JoinSide> resolver) {
        joins.resolver(resolver);
        return this;
    }

    /** How the planner finds the table a subquery reads; without it, a subquery is an error. */
    public QueryPlanner tables(Function<Query.Source, TableSide> resolver) {
        compiler.subqueries(new SubqueryPlanner(compiler, diagnostics, resolver));
        return this;
    }

    /** Plans a SELECT over one source: event time first (when configured), then the query's steps. */
    public Planned plan(Query.Select select, Input input) {
        TimeSettings time;
        try {
            time = TimeSettings.of(input.options());
        } catch (IllegalArgumentException e) {
            diagnostics.error(select.from().pos(), e.getMessage());
            time = TimeSettings.of(Map.of());
        }
        List<Operator> chain = new ArrayList<>();
        EventTimeExtractor eventTime = null;
        if (time.eventTimeField() != null) {
            try {
                eventTime = new EventTimeExtractor(input.schema(), time.eventTimeField(), time.eventTimeFormat());
            } catch (IllegalArgumentException e) {
                diagnostics.error(select.from().pos(), "source '" + select.from().name() + "': " + e.getMessage());
            }
        }
        // A window reads the event time straight from the payload when nothing else needs it on the
        // record: no copy of every record just to carry its time.
        boolean windowReadsTime = select.window() != null && select.joins().isEmpty() && !readsEventTime(select);
        if (eventTime != null && !windowReadsTime) {
            chain.add(new EventTimeOperator(eventTime, errors));
        }
        Planned p;
        if (!select.joins().isEmpty()) {
            p = joins.plan(select, input, time, this);
        } else if (isAggregate(select) || select.window() != null) {
            p = planAggregate(select, input, time, windowReadsTime && eventTime != null ? eventTime::extract : null);
        } else {
            p = plan(select, input, false);
        }
        if (chain.isEmpty()) {
            return p;
        }
        chain.add(p.operator());
        return p.withOperator(Chain.of(chain));
    }

    /** True when the query reads {@code _event_time} anywhere. */
    private static boolean readsEventTime(Query.Select select) {
        boolean[] found = {false};
        java.util.function.Consumer<Expr> check = e -> Exprs.forEach(e, n -> found[0] |= n instanceof Expr.ColumnRef ref
                && ref.name().equalsIgnoreCase(SystemColumns.EVENT_TIME));
        select.items().stream().filter(i -> i.expr() != null).forEach(i -> check.accept(i.expr()));
        for (Expr e : new Expr[] {select.where(), select.having()}) {
            if (e != null) {
                check.accept(e);
            }
        }
        select.groupBy().forEach(check);
        select.orderBy().forEach(o -> check.accept(o.expr()));
        return found[0];
    }

    /**
     * WHERE, then the aggregation, then the select list over its group records.
     *
     * @param windowTime the window's time when read from the payload, or null (the record's event time)
     */
    private Planned planAggregate(Query.Select select, Input input, TimeSettings time,
                                  ToLongFunction<StreamRecord> windowTime) {
        return planAggregate(select, input, time, windowTime, scope(select, input.schema()));
    }

    /** A GROUP BY or WINDOW over records that {@code scope} describes (a source's, or a stream–table join's). */
    Planned planAggregate(Query.Select select, Input input, TimeSettings time, ToLongFunction<StreamRecord> windowTime,
                          SelectScope scope) {
        if (AnalyticPlanner.hasAnalytics(select)) {
            diagnostics.error(select.pos(), "analytic functions (OVER) cannot be combined with GROUP BY or WINDOW yet");
        }
        List<Operator> chain = new ArrayList<>();
        Evaluator where = where(select, scope);
        if (where != null) {
            chain.add(new SelectOperator(where, STAR_ONLY, true, input.schema(), errors));
        }
        AggregatePlanner.Plan aggregation = aggregates.plan(select, scope, time, windowTime);
        chain.add(aggregation.operator());
        Planned post = plan(aggregation.post(), new Input(aggregation.groupSchema(), input.bounded()), true);
        chain.add(post.operator());
        List<String> keys = post.keyColumns().isEmpty() ? aggregation.groupColumns() : post.keyColumns();
        return new Planned(Chain.of(chain), post.select(), null, keys);
    }

    /** The layout of a filter that passes its input records on as they are. */
    private static final SelectOperator.Layout STAR_ONLY = new SelectOperator.Layout(new Evaluator[0], new int[0],
            List.of(), List.of(), new int[0], new int[0], true, -1, false);

    private SelectScope scope(Query.Select select, Schema schema) {
        return new SelectScope(schema, JoinPlanner.names(select.from()));
    }

    private Evaluator where(Query.Select select, SelectScope scope) {
        if (select.where() == null) {
            return null;
        }
        Compiled w = compiler.compile(select.where(), scope);
        requireBoolean(select.where(), w, "WHERE");
        return w.eval();
    }

    private Planned plan(Query.Select select, Input input, boolean inheritKey) {
        return plan(select, input, inheritKey, scope(select, input.schema()));
    }

    /** The stateless steps of a SELECT whose records {@code scope} describes. */
    Planned plan(Query.Select select, Input input, boolean inheritKey, SelectScope scope) {
        rejectNotYetSupported(select);
        Evaluator where = where(select, scope);
        List<Operator> chain = new ArrayList<>();
        if (AnalyticPlanner.hasAnalytics(select)) {
            // Row windows see the rows WHERE keeps: filter first, then the analytic operators.
            if (where != null) {
                chain.add(new SelectOperator(where, STAR_ONLY, true, input.schema(), errors));
                where = null;
            }
            AnalyticPlanner.Plan analytic = analytics.plan(select, scope);
            chain.addAll(analytic.operators());
            select = analytic.select();
        }
        scope.aliasesVisible(true);
        Projection projection = new Projection(select, input.schema(), scope, inheritKey);
        boolean passThrough = projection.isStarOnly() || projection.isIdentity();

        List<SortOperator.Key> sortKeys = new ArrayList<>();
        if (select.orderBy() != null) {
            for (OrderItem item : select.orderBy()) {
                sortKeys.add(sortKey(item, select, projection, passThrough, input.schema()));
                passThrough &= !projection.hasHidden();
            }
        }
        SelectOperator.Layout layout = projection.layout();
        SelectOperator selectOp = new SelectOperator(where, layout, passThrough, input.schema(), errors);
        chain.add(selectOp);
        if (select.distinct()) {
            chain.add(new DistinctOperator(distinctMaxEntries));
        }
        if (!sortKeys.isEmpty()) {
            chain.add(new SortOperator(sortKeys, input.bounded(), projection.hasHidden()));
        }
        if (select.limit() != null) {
            chain.add(new LimitOperator(select.limit()));
        }
        return new Planned(Chain.of(chain), selectOp, null, projection.keyNames());
    }

    private SortOperator.Key sortKey(OrderItem item, Query.Select select, Projection projection, boolean passThrough,
                                     Schema inputSchema) {
        boolean desc = item.descending();
        boolean nullsFirst = item.nullsFirst() != null ? item.nullsFirst() : !desc;
        Expr e = item.expr();
        if (e instanceof Expr.Literal l && l.value() instanceof Long n) {
            int visible = projection.visibleCount();
            if (n < 1 || n > visible || projection.hasDynamicStar()) {
                diagnostics.error(e.pos(), "ORDER BY position " + n + " is not in the select list (1.." + visible + ")");
                return new SortOperator.Key(0, false, desc, nullsFirst);
            }
            return new SortOperator.Key((int) (n - 1), false, desc, nullsFirst);
        }
        if (e instanceof Expr.ColumnRef ref && ref.qualifier() == null) {
            if (passThrough) {
                int slot = inputSchema.slotOf(ref.name());
                if (slot < 0 && !inputSchema.isClosed()) {
                    slot = inputSchema.add(ref.name(), SqlType.ANY);
                }
                if (slot >= 0) {
                    return new SortOperator.Key(slot, false, desc, nullsFirst);
                }
            } else {
                int slot = projection.outputIndexOf(ref.name());
                if (slot >= 0) {
                    return new SortOperator.Key(slot, false, desc, nullsFirst);
                }
            }
        }
        if (select.distinct()) {
            diagnostics.error(e.pos(), "with SELECT DISTINCT, ORDER BY must name columns of the select list");
        }
        return new SortOperator.Key(projection.addHidden(e), true, desc, nullsFirst);
    }

    private void requireBoolean(Expr at, Compiled c, String clause) {
        SqlType t = c.type();
        if (t != SqlType.BOOLEAN && t != SqlType.ANY && t != SqlType.NULL) {
            diagnostics.error(at.pos(), clause + " needs a BOOLEAN condition, got " + t);
        }
    }

    private void rejectNotYetSupported(Query.Select s) {
        if (s.from().subquery() != null) {
            diagnostics.error(s.from().pos(), "a subquery in FROM is not supported yet");
        }
        if (s.joins().size() > 1) {
            diagnostics.error(s.joins().get(1).pos(), "more than one JOIN in a SELECT is not supported yet");
        }
        if (s.window() != null) {
            diagnostics.error(s.window().pos(), "WINDOW is not supported yet");
        }
        if (s.emit() == Query.EmitMode.FINAL) {
            diagnostics.error(s.pos(), "EMIT FINAL applies to aggregations (GROUP BY, WINDOW)");
        }
    }

    /** The select list being compiled: scratch items, output columns, key and event-time items. */
    private final class Projection {
        private final List<Evaluator> items = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        /** The names of {@link #names}, for {@link #unique}; the next suffix to try per name. */
        private final Set<String> taken = new HashSet<>();
        private final Map<String, Integer> nextSuffix = new HashMap<>();
        private final List<SqlType> types = new ArrayList<>();
        private final List<Integer> hidden = new ArrayList<>();
        private final List<Integer> keySlots = new ArrayList<>();
        private final List<String> keyNames = new ArrayList<>();
        private final SelectScope scope;
        private final boolean inheritKey;
        private final Schema input;
        /** Every item so far is the input's column at its own position. */
        private boolean renames = true;
        private int eventTimeSlot = -1;
        private boolean dynamicStar;
        private boolean starOnly;

        Projection(Query.Select select, Schema input, SelectScope scope, boolean inheritKey) {
            this.scope = scope;
            this.inheritKey = inheritKey;
            this.input = input;
            List<Query.SelectItem> list = select.items();
            starOnly = list.size() == 1 && list.get(0).star();
            for (int i = 0; i < list.size(); i++) {
                Query.SelectItem item = list.get(i);
                if (item.star()) {
                    star(item, select, input);
                } else {
                    item(item, i);
                }
            }
            starOnly &= keySlots.isEmpty();
        }

        private void star(Query.SelectItem item, Query.Select select, Schema input) {
            String q = item.starQualifier();
            if (scope.sides().size() > 1) {
                // A join's record: x.* is that side's columns, * every side's.
                for (SelectScope.Side side : scope.sides()) {
                    if (q == null || side == scope.side(q)) {
                        for (int slot = 0; slot < side.schema().size(); slot++) {
                            int s = side.offset() + slot;
                            addColumn(row -> row.in.value(s), side.schema().name(slot), side.schema().type(slot));
                        }
                    }
                }
                if (q != null && scope.side(q) == null) {
                    diagnostics.error(item.pos(), "unknown source '" + q + "' in " + q + ".*");
                }
                return;
            }
            if (q != null && !q.equalsIgnoreCase(select.from().refName()) && !q.equalsIgnoreCase(select.from().name())) {
                diagnostics.error(item.pos(), "unknown source '" + q + "' in " + q + ".*");
                return;
            }
            if (!input.isClosed()) {
                dynamicStar = true;
                columns.add(SelectOperator.STAR);
                return;
            }
            for (int slot = 0; slot < input.size(); slot++) {
                int s = slot;
                addColumn(row -> row.in.value(s), input.name(slot), input.type(slot));
            }
        }

        private int addColumn(Evaluator e, String name, SqlType type) {
            int idx = items.size();
            items.add(e);
            columns.add(idx);
            names.add(unique(name));
            types.add(type);
            return idx;
        }

        /**
         * {@code name}, else {@code name_2}, {@code name_3}, … the first not taken. Names only grow, so
         * the suffixes tried before stay taken: each name resumes where it stopped (linear, not cubic,
         * in the number of select items).
         */
        private String unique(String name) {
            String n = name;
            int k = nextSuffix.getOrDefault(name, 2);
            while (!taken.add(n)) {
                n = name + "_" + k++;
            }
            nextSuffix.put(name, k);
            return n;
        }

        private void item(Query.SelectItem item, int position) {
            Compiled c = compiler.compile(item.expr(), scope);
            String alias = item.alias();
            if (alias != null && alias.equalsIgnoreCase(SystemColumns.EVENT_TIME)) {
                eventTimeSlot = items.size();
                items.add(c.eval());
                starOnly = false;
                return;
            }
            String name = alias != null ? alias : derivedName(item.expr(), position);
            int idx = addColumn(c.eval(), name, c.type());
            renames &= item.expr() instanceof Expr.ColumnRef ref && scope.plainSlot(ref) == idx;
            starOnly = false;
            if (alias != null) {
                scope.addAlias(alias, idx, c.type());
            }
            if (item.primaryKey()) {
                keySlots.add(idx);
                keyNames.add(names.get(names.size() - 1));
            }
        }

        private String derivedName(Expr e, int position) {
            return QueryPlanner.derivedName(e, position);
        }

        List<String> keyNames() {
            return List.copyOf(keyNames);
        }

        boolean isStarOnly() {
            return starOnly;
        }

        /**
         * The select list is the input's columns, by their names, in order, and nothing else: the
         * output record is the input record, as for {@code SELECT *} (docs/kafka.md#raw-pass-through).
         */
        boolean isIdentity() {
            return renames && !dynamicStar && hidden.isEmpty() && eventTimeSlot < 0 && keySlots.isEmpty()
                    && input.isClosed() && names.equals(input.names());
        }

        boolean hasDynamicStar() {
            return dynamicStar;
        }

        boolean hasHidden() {
            return !hidden.isEmpty();
        }

        int visibleCount() {
            return names.size();
        }

        /** The output position of a column named {@code name} (exact, else case-insensitive), or -1. */
        int outputIndexOf(String name) {
            if (dynamicStar) {
                return -1;
            }
            int i = names.indexOf(name);
            if (i < 0) {
                for (int k = 0; k < names.size(); k++) {
                    if (names.get(k).equalsIgnoreCase(name)) {
                        return k;
                    }
                }
            }
            return i;
        }

        /** Adds a sort key that is not an output column; returns its index among the hidden keys. */
        int addHidden(Expr e) {
            Compiled c = compiler.compile(e, scope);
            hidden.add(items.size());
            items.add(c.eval());
            return hidden.size() - 1;
        }

        SelectOperator.Layout layout() {
            boolean identity = !dynamicStar && hidden.isEmpty() && eventTimeSlot < 0;
            boolean renameOnly = identity && renames && input.isClosed() && items.size() == input.size();
            return new SelectOperator.Layout(items.toArray(new Evaluator[0]),
                    identity ? null : columns.stream().mapToInt(Integer::intValue).toArray(),
                    List.copyOf(names), List.copyOf(types), hidden.stream().mapToInt(Integer::intValue).toArray(),
                    keySlots.stream().mapToInt(Integer::intValue).toArray(), inheritKey, eventTimeSlot, renameOnly);
        }
    }

    /** The output name of an unaliased select item: a column's name, a function's, else {@code col<n>}. */
    static String derivedName(Expr e, int position) {
        if (e instanceof Expr.ColumnRef ref) {
            return ref.name();
        } else if (e instanceof Expr.FieldAccess f) {
            return f.field();
        } else if (e instanceof Expr.Call call) {
            return call.name().toLowerCase(Locale.ROOT);
        }
        return "col" + (position + 1);
    }
}
