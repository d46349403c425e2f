package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.join.IntervalJoinOperator;
import io.velostream.engine.internal.exec.join.JoinType;
import io.velostream.engine.internal.exec.join.StreamTableJoinOperator;
import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.EventTimeOperator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.time.EventTimeExtractor;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.OrderItem;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans {@code FROM a JOIN b ON … [WITHIN d]} (docs/joins.md). The join operator puts a's values, then b's,
 * into one record; the rest of the SELECT is planned over that record, each column read from its
 * side. Against a table, each stream record looks the table's current row up by its key, so ON
 * must be equality on the table's key columns. Between two streams, ON gives the keys and the
 * time bound comes from {@code WITHIN} or from {@code b.t BETWEEN a.t - … AND a.t + …}.
 */
final class JoinPlanner {
    private final ExpressionCompiler compiler;
    private final Diagnostics diagnostics;
    private final RecordErrorHandler errors;
    private final Runnable lateRecords;
    private Function<Query.Source, QueryPlanner.JoinSide> resolver;

    JoinPlanner(ExpressionCompiler compiler, Diagnostics diagnostics, RecordErrorHandler errors, Runnable lateRecords) {
        this.compiler = compiler;
        this.diagnostics = diagnostics;
        this.errors = errors;
        this.lateRecords = lateRecords;
    }

    void resolver(Function<Query.Source, QueryPlanner.JoinSide> resolver) {
        this.resolver = resolver;
    }

    QueryPlanner.Planned plan(Query.Select s, QueryPlanner.Input left, TimeSettings time, QueryPlanner planner) {
        Query.Join join = s.joins().get(0);
        Query.Select post = new Query.Select(s.pos(), s.distinct(), s.items(), s.from(), List.of(), s.where(),
                s.groupBy(), s.window(), s.having(), s.orderBy(), s.limit(), s.emit(), s.into(), s.with());
        int errorsBefore = diagnostics.errors().size();
        QueryPlanner.JoinSide right = resolver == null ? null : resolver.apply(join.right());
        if (right == null) {
            if (diagnostics.errors().size() > errorsBefore) {
                // The resolver said why already (a source without a type, a missing file).
                return planner.plan(post, left, false, new SelectScope(left.schema(), names(s.from())));
            }
            diagnostics.error(join.right().pos(), "unknown table or stream '" + join.right().name()
                    + "': declare it in WITH (a file_source with a primary_key, a kafka_table, a stream) or create it"
                    + " with CREATE TABLE");
            return planner.plan(post, left, false, new SelectScope(left.schema(), names(s.from())));
        }
        boolean aggregate = planner.isAggregate(s) || s.window() != null;
        if (aggregate && !(right instanceof QueryPlanner.TableSide)) {
            diagnostics.error(s.pos(), "GROUP BY or WINDOW over a stream-stream JOIN is not supported yet");
        }
        Set<String> leftNames = names(s.from());
        Set<String> rightNames = names(join.right());
        addReferencedFields(s, join, left.schema(), right.schema(), leftNames, rightNames);
        SelectScope.Side l = new SelectScope.Side(leftNames, left.schema(), 0);
        SelectScope.Side r = new SelectScope.Side(rightNames, right.schema(), left.schema().size());
        SelectScope joined = new SelectScope(List.of(l, r));
        Schema joinedSchema = joinedSchema(l, r);
        Keys keys = keys(join, l, r);

        Operator leftOp;
        Operator rightOp = null;
        if (right instanceof QueryPlanner.TableSide table) {
            leftOp = tableJoin(join, table, keys, joinedSchema, left.schema().size());
        } else {
            QueryPlanner.StreamSide stream = (QueryPlanner.StreamSide) right;
            long[] bounds = bounds(join, keys, l, r);
            IntervalJoinOperator op = new IntervalJoinOperator(joinType(join.type()), keys.left(), keys.right(), bounds[0],
                    bounds[1], left.schema().size(), right.schema().size(), joinedSchema, time.newWatermark(), errors,
                    lateRecords);
            leftOp = op.left();
            rightOp = withEventTime(op.right(), stream, join.right());
        }
        QueryPlanner.Input joinedInput = new QueryPlanner.Input(joinedSchema, left.bounded());
        // A stream-table join emits at most one row per stream record, so a GROUP BY aggregates its rows as a source's.
        QueryPlanner.Planned p = aggregate ? planner.planAggregate(post, joinedInput, time, null, joined)
                : planner.plan(post, joinedInput, false, joined);
        return new QueryPlanner.Planned(Chain.of(List.of(leftOp, p.operator())), p.select(),
                rightOp == null ? null : Chain.of(List.of(rightOp, p.operator())), p.keyColumns());
    }

    private static JoinType joinType(Query.JoinType type) {
        return switch (type) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
        };
    }

    /** The names a source goes by, the one its columns are shown with (its alias) first. */
    static Set<String> names(Query.Source source) {
        Set<String> names = new LinkedHashSet<>();
        names.add(source.refName().toLowerCase(Locale.ROOT));
        names.add(source.name().toLowerCase(Locale.ROOT));
        return names;
    }

    /**
     * A JSON side learns its fields while reading; the names the query uses get their slots now,
     * before the right side's values are placed after the left side's.
     */
    private void addReferencedFields(Query.Select s, Query.Join join, Schema left, Schema right,
                                     Set<String> leftNames, Set<String> rightNames) {
        List<Expr> exprs = new ArrayList<>();
        s.items().stream().filter(i -> i.expr() != null).forEach(i -> exprs.add(i.expr()));
        if (s.where() != null) {
            exprs.add(s.where());
        }
        exprs.add(join.on());
        exprs.addAll(s.groupBy());
        if (s.having() != null) {
            exprs.add(s.having());
        }
        s.orderBy().stream().map(OrderItem::expr).forEach(exprs::add);
        for (Expr e : exprs) {
            Exprs.forEach(e, n -> {
                if (!(n instanceof Expr.ColumnRef ref) || SystemColumns.isSystem(ref.name())) {
                    return;
                }
                Schema target;
                if (ref.qualifier() != null) {
                    String q = ref.qualifier().toLowerCase(Locale.ROOT);
                    target = leftNames.contains(q) ? left : rightNames.contains(q) ? right : null;
                } else {
                    target = left.slotOf(ref.name()) >= 0 || right.slotOf(ref.name()) >= 0 ? null
                            : !left.isClosed() ? left : !right.isClosed() ? right : null;
                }
                if (target != null && !target.isClosed() && target.slotOf(ref.name()) < 0) {
                    target.add(ref.name(), SqlType.ANY);
                }
            });
        }
    }

    /** The joined record's fields: a name both sides have is qualified on the right ({@code c.id}). */
    private static Schema joinedSchema(SelectScope.Side l, SelectScope.Side r) {
        List<String> names = new ArrayList<>(l.schema().names());
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < l.schema().size(); i++) {
            types.add(l.schema().type(i));
        }
        String qualifier = r.names().iterator().next();
        for (int i = 0; i < r.schema().size(); i++) {
            String n = r.schema().name(i);
            names.add(names.contains(n) ? qualifier + "." + n : n);
            types.add(r.schema().type(i));
        }
        return Schema.of(names, types);
    }

    /** ON's equalities between the sides, each side's expression compiled over that side's own records. */
    private record Keys(Evaluator[] left, Evaluator[] right, List<Expr> rightExprs, List<Expr> rest) {
    }

    private Keys keys(Query.Join join, SelectScope.Side l, SelectScope.Side r) {
        SelectScope leftOnly = new SelectScope(l.schema(), l.names());
        SelectScope rightOnly = new SelectScope(r.schema(), r.names());
        List<Evaluator> le = new ArrayList<>();
        List<Evaluator> re = new ArrayList<>();
        List<Expr> rightExprs = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr c : conjuncts(join.on())) {
            if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ) {
                Set<SelectScope.Side> a = sides(b.left(), l, r);
                Set<SelectScope.Side> z = sides(b.right(), l, r);
                Expr lx = a.equals(Set.of(l)) && z.equals(Set.of(r)) ? b.left() : z.equals(Set.of(l)) && a.equals(Set.of(r)) ? b.right() : null;
                if (lx != null) {
                    Expr rx = lx == b.left() ? b.right() : b.left();
                    le.add(compiler.compile(lx, leftOnly).eval());
                    re.add(compiler.compile(rx, rightOnly).eval());
                    rightExprs.add(rx);
                    continue;
                }
            }
            rest.add(c);
        }
        if (le.isEmpty()) {
            diagnostics.error(join.on().pos(), "a JOIN needs at least one equality between the two sides in ON");
        }
        return new Keys(le.toArray(new Evaluator[0]), re.toArray(new Evaluator[0]), rightExprs, rest);
    }

    private Operator tableJoin(Query.Join join, QueryPlanner.TableSide table, Keys keys, Schema joinedSchema,
                               int leftWidth) {
        if (join.type() == Query.JoinType.RIGHT || join.type() == Query.JoinType.FULL) {
            diagnostics.error(join.pos(), join.type() + " JOIN with a table is not supported: use INNER or LEFT");
        }
        for (Expr c : keys.rest()) {
            diagnostics.error(c.pos(), "a stream–table join's ON may only compare the stream with the table's key");
        }
        List<String> keyColumns = table.keyColumns();
        Evaluator[] ordered = new Evaluator[keyColumns.size()];
        for (int i = 0; i < keys.rightExprs().size(); i++) {
            int k = keys.rightExprs().get(i) instanceof Expr.ColumnRef ref ? indexOf(keyColumns, ref.name()) : -1;
            if (k < 0) {
                diagnostics.error(keys.rightExprs().get(i).pos(), "a stream–table join looks rows up by the table's key ("
                        + String.join(", ", keyColumns) + "): compare with those columns");
            } else {
                ordered[k] = keys.left()[i];
            }
        }
        for (int k = 0; k < ordered.length; k++) {
            if (ordered[k] == null && !diagnostics.hasErrors()) {
                diagnostics.error(join.on().pos(), "ON does not give the table's key column '" + keyColumns.get(k) + "'");
            }
        }
        return new StreamTableJoinOperator(ordered, table.table(), join.type() == Query.JoinType.LEFT, joinedSchema,
                leftWidth, errors);
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The interval a right record's event time may lie in, relative to the left record's:
     * {@code WITHIN d} is [-d, d]; {@code r.t BETWEEN l.t - x AND l.t + y} is [-x, y].
     */
    private long[] bounds(Query.Join join, Keys keys, SelectScope.Side l, SelectScope.Side r) {
        long[] bounds = null;
        if (join.withinMillis() != null) {
            bounds = new long[] {-join.withinMillis(), join.withinMillis()};
        }
        for (Expr c : keys.rest()) {
            long[] b = c instanceof Expr.Between between && !between.negated() ? between(between, l, r) : null;
            if (b == null) {
                diagnostics.error(c.pos(), "a stream–stream join's ON takes equalities between the sides and one"
                        + " time bound (b.t BETWEEN a.t - INTERVAL … AND a.t + INTERVAL …)");
            } else {
                bounds = b;
            }
        }
        if (bounds == null) {
            diagnostics.error(join.pos(), "a stream–stream join needs a time bound: WITHIN d, or"
                    + " b.t BETWEEN a.t - INTERVAL … AND a.t + INTERVAL … in ON");
            return new long[] {0, 0};
        }
        return bounds;
    }

    private long[] between(Expr.Between b, SelectScope.Side l, SelectScope.Side r) {
        Set<SelectScope.Side> operand = sides(b.operand(), l, r);
        Long low = offset(b.low());
        Long high = offset(b.high());
        if (low == null || high == null || operand.size() != 1) {
            return null;
        }
        boolean rightOperand = operand.contains(r);
        if (!sides(b.low(), l, r).equals(Set.of(rightOperand ? l : r)) || !sides(b.high(), l, r).equals(Set.of(rightOperand ? l : r))) {
            return null;
        }
        // r.t ∈ [l.t + low, l.t + high]; written the other way round, l.t ∈ [r.t + low, r.t + high].
        return rightOperand ? new long[] {low, high} : new long[] {-high, -low};
    }

    /** {@code x.t}, {@code x.t + INTERVAL …} or {@code x.t - INTERVAL …} as the offset in ms; null otherwise. */
    private static Long offset(Expr e) {
        if (e instanceof Expr.ColumnRef) {
            return 0L;
        }
        if (e instanceof Expr.Binary b && b.left() instanceof Expr.ColumnRef && b.right() instanceof Expr.Literal lit
                && lit.value() instanceof Duration d
                && (b.op() == Expr.BinaryOp.ADD || b.op() == Expr.BinaryOp.SUB)) {
            return b.op() == Expr.BinaryOp.ADD ? d.toMillis() : -d.toMillis();
        }
        return null;
    }

    /** Which sides an expression reads. */
    private static Set<SelectScope.Side> sides(Expr e, SelectScope.Side l, SelectScope.Side r) {
        Set<SelectScope.Side> found = new HashSet<>();
        Exprs.forEach(e, n -> {
            if (n instanceof Expr.ColumnRef ref) {
                if (ref.qualifier() != null) {
                    String q = ref.qualifier().toLowerCase(Locale.ROOT);
                    if (l.names().contains(q)) {
                        found.add(l);
                    } else if (r.names().contains(q)) {
                        found.add(r);
                    }
                } else if (l.schema().slotOf(ref.name()) >= 0) {
                    found.add(l);
                } else if (r.schema().slotOf(ref.name()) >= 0) {
                    found.add(r);
                }
            }
        });
        return found;
    }

    static List<Expr> conjuncts(Expr e) {
        List<Expr> out = new ArrayList<>();
        if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            out.addAll(conjuncts(b.left()));
            out.addAll(conjuncts(b.right()));
        } else {
            out.add(e);
        }
        return out;
    }

    /** The JOIN's stream gets its own event time, from its own options. */
    private Operator withEventTime(Operator side, QueryPlanner.StreamSide stream, Query.Source source) {
        TimeSettings time;
        try {
            time = TimeSettings.of(stream.options());
        } catch (IllegalArgumentException e) {
            diagnostics.error(source.pos(), e.getMessage());
            return side;
        }
        if (time.eventTimeField() == null) {
            return side;
        }
        try {
            return Chain.of(List.of(new EventTimeOperator(new EventTimeExtractor(stream.schema(), time.eventTimeField(),
                    time.eventTimeFormat()), errors), side));
        } catch (IllegalArgumentException e) {
            diagnostics.error(source.pos(), "source '" + source.name() + "': " + e.getMessage());
            return side;
        }
    }
}
