package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The split of a stateful query whose input is not keyed by its state's keys into a repartition and
 * the query (docs/scaling.md#repartition). The state's key is GROUP BY's values, DISTINCT's select
 * list (a row's identity is its values), or the PARTITION BY that every OVER shares. Stage 1 reads
 * the source, applies WHERE, and writes the columns the query reads, keyed by the key's values as a
 * key string (the key a GROUP BY result gets, docs/sql.md#output-key), so that every record of a key
 * lands in the same partition. Stage 2 is the query unchanged but for its FROM (the repartition
 * topic, under the source's name as alias, so qualified names still resolve), its WHERE (applied in
 * stage 1) and a {@code *} of a closed schema, written out as the source's columns.
 */
public final class Repartition {
    /** Stage 1's key columns; also in its value, as PRIMARY KEY items are (docs/sql.md#output-key). */
    static final String KEY_COLUMN = "_group_key_";
    /** Stage 1's column holding the source partition a record was read from, for stage 2's watermark. */
    public static final String SOURCE_PARTITION = "_source_partition";
    /** Option of stage 2's source: the partition count of stage 1's source (what {@link TimeSettings} reads). */
    public static final String SOURCE_PARTITIONS = "repartition.source.partitions";
    /** System columns that stage 2 would read from the repartition topic's records instead of the source's. */
    private static final Set<String> CHANGED_BY_REPARTITION = Set.of("_key", "_timestamp", "_partition", "_offset", "_topic");

    /** @param stage1 the projection written to the repartition topic; @param stage2 the query reading it */
    public record Split(Query.Select stage1, Query.Select stage2) {
    }

    private Repartition() {
    }

    /** One SELECT over one named source with keyed state (GROUP BY, DISTINCT, OVER): the queries a repartition applies to. */
    public static boolean isCandidate(Query.Select s) {
        return (!s.groupBy().isEmpty() || s.distinct() || AnalyticPlanner.hasAnalytics(s)) && s.joins().isEmpty()
                && s.from().subquery() == null && s.orderBy().isEmpty() && s.limit() == null;
    }

    /**
     * The state is keyed by the record key of the FROM ({@code _key}, maybe among other values: GROUP BY's,
     * DISTINCT's select list, OVER's PARTITION BY): every record of a key has the same record key, so the
     * input is keyed by the state already (Kafka partitions by the record key).
     */
    public static boolean keyedByKey(Query.Select s) {
        for (Expr e : stateKey(s)) {
            if (e instanceof Expr.ColumnRef ref && ref.name().equalsIgnoreCase("_key")
                    && (ref.qualifier() == null || names(s.from(), ref.qualifier()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One JOIN whose ON equates the record keys of its two sides ({@code o._key = c._key}, maybe among other
     * equalities): records with equal join keys have equal record keys, so the default partitioner put them
     * in partitions of the same number when the topics have the same partition count
     * (docs/scaling.md#co-partitioned-joins).
     */
    public static boolean joinedOnRecordKeys(Query.Select s) {
        if (s.joins().size() != 1 || s.from().subquery() != null) {
            return false;
        }
        Query.Source right = s.joins().get(0).right();
        for (Expr c : JoinPlanner.conjuncts(s.joins().get(0).on())) {
            if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ && b.left() instanceof Expr.ColumnRef l
                    && b.right() instanceof Expr.ColumnRef r && (isKeyOf(l, s.from()) && isKeyOf(r, right)
                    || isKeyOf(l, right) && isKeyOf(r, s.from()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The join's key of each side, for a repartition by it (docs/scaling.md#co-partitioned-joins): the
     * expressions ON equates between the sides, the FROM's then the joined source's, in ON's order; null
     * when there is none or an equality's operand is not of one side alone by its qualified columns.
     */
    public static List<List<Expr>> joinKeys(Query.Select s) {
        Query.Source right = s.joins().get(0).right();
        List<Expr> left = new ArrayList<>();
        List<Expr> rights = new ArrayList<>();
        for (Expr c : JoinPlanner.conjuncts(s.joins().get(0).on())) {
            if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ) {
                Query.Source a = sideOf(b.left(), s.from(), right);
                Query.Source z = sideOf(b.right(), s.from(), right);
                if (a == null || z == null) {
                    return null;
                }
                if (a != z) {
                    left.add(a == s.from() ? b.left() : b.right());
                    rights.add(a == s.from() ? b.right() : b.left());
                }
            }
        }
        return left.isEmpty() ? null : List.of(left, rights);
    }

    /** The side whose qualifier every column of {@code e} has, or null (none, both, or unqualified). */
    private static Query.Source sideOf(Expr e, Query.Source from, Query.Source right) {
        Set<Query.Source> sides = new LinkedHashSet<>();
        boolean[] unqualified = {false};
        Exprs.forEach(e, x -> {
            if (x instanceof Expr.ColumnRef ref) {
                if (ref.qualifier() == null) {
                    unqualified[0] = true;
                } else {
                    sides.add(names(from, ref.qualifier()) ? from : names(right, ref.qualifier()) ? right : null);
                }
            }
        });
        return unqualified[0] || sides.size() != 1 || sides.contains(null) ? null : sides.iterator().next();
    }

    /**
     * Stage 1 of a join's side: its records whole ({@code *}), their source partition and their join key as
     * columns marked PRIMARY KEY, so the record key is the join key (docs/scaling.md#co-partitioned-joins).
     * The join's WHERE, which may read both sides, stays in stage 2.
     */
    public static Query.Select joinSide(Query.Source side, List<Expr> key) {
        Position pos = side.pos();
        List<Query.SelectItem> items = new ArrayList<>();
        items.add(new Query.SelectItem(pos, true, null, null, null, false));
        items.add(new Query.SelectItem(pos, false, null, new Expr.ColumnRef(pos, null, "_partition"), SOURCE_PARTITION, false));
        for (int i = 0; i < key.size(); i++) {
            items.add(new Query.SelectItem(key.get(i).pos(), false, null, key.get(i), KEY_COLUMN + (i + 1), true));
        }
        return new Query.Select(pos, false, items, side, List.of(), null, List.of(), null, null, List.of(), null, null,
                null, null);
    }

    /** The join reading the repartition topics: {@code left} and {@code right} under the sides' names. */
    public static Query.Select joinOf(Query.Select s, String left, String right) {
        Query.Join join = s.joins().get(0);
        Query.Source from = new Query.Source(s.from().pos(), left, s.from().refName(), null);
        Query.Source joined = new Query.Source(join.right().pos(), right, join.right().refName(), null);
        return new Query.Select(s.pos(), s.distinct(), s.items(), from,
                List.of(new Query.Join(join.pos(), join.type(), joined, join.on(), join.withinMillis())), s.where(),
                s.groupBy(), s.window(), s.having(), s.orderBy(), s.limit(), s.emit(), s.into(), s.with());
    }

    /**
     * Why a stream–stream join cannot be repartitioned by its key, or null: stage 2 would read the repartition
     * topics' records, so it must not select {@code *} (which would add the repartition's columns) nor read
     * {@code _key}, {@code _partition}, … of them (docs/scaling.md#co-partitioned-joins).
     */
    public static String whyNotJoin(Query.Select s) {
        if (s.items().stream().anyMatch(Query.SelectItem::star)) {
            return "it selects *, which would add the repartition's columns";
        }
        List<Expr> roots = new ArrayList<>();
        s.items().forEach(i -> roots.add(i.expr()));
        roots.add(s.joins().get(0).on());
        if (s.where() != null) {
            roots.add(s.where());
        }
        for (Expr root : roots) {
            String[] found = {null};
            Exprs.forEach(root, e -> {
                if (e instanceof Expr.ColumnRef ref && CHANGED_BY_REPARTITION.contains(ref.name().toLowerCase(Locale.ROOT))) {
                    found[0] = ref.name().toLowerCase(Locale.ROOT);
                }
            });
            if (found[0] != null) {
                return "it reads " + found[0] + ", which would be the repartition topic's";
            }
        }
        return joinKeys(s) == null ? "an equality of its ON has a column not qualified by its side" : null;
    }

    /**
     * One JOIN, not on the record keys of both sides, with no other state: a join that may be repartitioned
     * by its key when its sides are streams (docs/scaling.md#co-partitioned-joins).
     */
    public static boolean isJoinCandidate(Query.Select s) {
        return s.joins().size() == 1 && s.from().subquery() == null && s.joins().get(0).right().subquery() == null
                && !keepsOtherState(s) && s.orderBy().isEmpty() && s.limit() == null && !joinedOnRecordKeys(s);
    }

    /** State beside a join's buffers: GROUP BY, a window, DISTINCT, OVER. */
    public static boolean keepsOtherState(Query.Select s) {
        return !s.groupBy().isEmpty() || s.window() != null || s.distinct() || AnalyticPlanner.hasAnalytics(s);
    }

    private static boolean isKeyOf(Expr.ColumnRef ref, Query.Source source) {
        return ref.name().equalsIgnoreCase("_key") && ref.qualifier() != null && names(source, ref.qualifier());
    }

    /**
     * Why the state of a DISTINCT or OVER query has no key by which its input could be partitioned, or
     * null (it has one, or the query is a GROUP BY or another aggregation, which has its own rules).
     *
     * @param aggregate whether a function name is an aggregate's
     */
    public static String whyNotKeyed(Query.Select s, Predicate<String> aggregate) {
        boolean over = AnalyticPlanner.hasAnalytics(s);
        if (!s.distinct() && !over) {
            return null;
        }
        if (!s.groupBy().isEmpty() || s.having() != null || callsAggregate(s, aggregate)) {
            return "its DISTINCT or OVER is over an aggregation, whose rows are not keyed by their values";
        }
        if (over && s.distinct()) {
            return "it combines DISTINCT with OVER, whose rows are keyed by different values";
        }
        if (over) {
            Set<String> lists = new LinkedHashSet<>();
            for (Expr.Over o : overs(s)) {
                if (o.partitionBy().isEmpty()) {
                    return "an OVER clause has no PARTITION BY, so all its rows are one partition";
                }
                lists.add(Exprs.canonical(o.partitionBy()));
            }
            if (lists.size() > 1) {
                return "its OVER clauses have different PARTITION BY lists; a repartition needs one";
            }
        }
        return null;
    }

    /**
     * Why the query cannot be split though it is a candidate: its state has no key
     * ({@link #whyNotKeyed}), or it reads a system column that the repartition topic's records would
     * answer differently ({@code _partition}, …), or it selects {@code *} of a source without declared columns
     * (JSON), which in stage 2 would include stage 1's own columns; else null.
     */
    public static String whyNot(Query.Select s, Schema source, Predicate<String> aggregate) {
        String notKeyed = whyNotKeyed(s, aggregate);
        if (notKeyed != null) {
            return notKeyed; // first: no key, nothing to repartition by, whatever else it reads
        }
        for (Expr.ColumnRef ref : columnRefs(s)) {
            if (ref.qualifier() == null && CHANGED_BY_REPARTITION.contains(ref.name().toLowerCase(Locale.ROOT))) {
                return "it reads " + ref.name().toLowerCase(Locale.ROOT) + ", which would be the repartition topic's";
            }
        }
        if (!source.isClosed() && s.items().stream().anyMatch(Query.SelectItem::star)) {
            return "it selects * of a source whose columns are not declared, which would add the repartition's columns";
        }
        return null;
    }

    /**
     * @param source        the source's schema: with a closed schema stage 1 writes only the columns the
     *                      query reads; with an open one (JSON) every column ({@code *})
     * @param eventTimeField the source's {@code event.time.field}, or null
     * @param stage2Source  the name stage 2 reads the repartition topic under
     */
    public static Split split(Query.Select query, Schema source, String eventTimeField, String stage2Source) {
        Query.Select s = withColumns(query, source);
        Position pos = s.pos();
        List<Query.SelectItem> items = new ArrayList<>();
        if (source.isClosed()) {
            Set<String> columns = new LinkedHashSet<>();
            for (Expr.ColumnRef ref : columnRefs(s)) {
                String column = ref.qualifier() == null || names(s.from(), ref.qualifier()) ? ref.name() : ref.qualifier();
                addIfColumn(columns, column, source);
            }
            if (eventTimeField != null) {
                addIfColumn(columns, eventTimeField, source);
            }
            for (String c : columns) {
                items.add(new Query.SelectItem(pos, false, null, new Expr.ColumnRef(pos, null, c), c, false));
            }
        } else {
            items.add(new Query.SelectItem(pos, true, null, null, null, false));
        }
        items.add(new Query.SelectItem(pos, false, null, new Expr.ColumnRef(pos, null, "_partition"), SOURCE_PARTITION, false));
        Map<String, Expr> aliases = new HashMap<>();
        for (Query.SelectItem item : s.items()) {
            if (!item.star() && item.alias() != null) {
                aliases.putIfAbsent(item.alias().toLowerCase(Locale.ROOT), item.expr());
            }
        }
        List<Expr> keys = stateKey(s);
        for (int i = 0; i < keys.size(); i++) {
            Expr g = keys.get(i);
            // GROUP BY may name a select item's alias (docs/sql.md#select): the key is that item's expression.
            Expr key = !s.groupBy().isEmpty() && g instanceof Expr.ColumnRef ref && ref.qualifier() == null
                    && aliases.containsKey(ref.name().toLowerCase(Locale.ROOT)) ? aliases.get(ref.name().toLowerCase(Locale.ROOT)) : g;
            items.add(new Query.SelectItem(g.pos(), false, null, key, KEY_COLUMN + (i + 1), true));
        }
        Query.Select stage1 = new Query.Select(pos, false, items, s.from(), List.of(), s.where(), List.of(), null, null,
                List.of(), null, null, null, null);
        Query.Source from = new Query.Source(s.from().pos(), stage2Source, s.from().refName(), null);
        Query.Select stage2 = new Query.Select(s.pos(), s.distinct(), s.items(), from, List.of(), null, s.groupBy(),
                s.window(), s.having(), s.orderBy(), s.limit(), s.emit(), s.into(), s.with());
        return new Split(stage1, stage2);
    }

    /**
     * The expressions keying the query's state: GROUP BY's; else DISTINCT's select list (but {@code *},
     * which {@link #split} writes out first, and the event time item); else the PARTITION BY that every
     * OVER shares. Empty when there is none ({@link #whyNotKeyed} says why).
     */
    private static List<Expr> stateKey(Query.Select s) {
        if (!s.groupBy().isEmpty()) {
            return s.groupBy();
        }
        List<Expr.Over> overs = overs(s);
        if (s.distinct()) {
            // An item aliased _event_time sets the event time, not a value of the row (docs/sql.md#system-columns-and-headers).
            return !overs.isEmpty() ? List.of() : s.items().stream()
                    .filter(i -> !i.star() && !SystemColumns.EVENT_TIME.equalsIgnoreCase(i.alias()))
                    .map(Query.SelectItem::expr).toList();
        }
        for (Expr.Over o : overs) {
            if (!Exprs.canonical(o.partitionBy()).equals(Exprs.canonical(overs.get(0).partitionBy()))) {
                return List.of();
            }
        }
        return overs.isEmpty() ? List.of() : overs.get(0).partitionBy();
    }

    /** The query with each {@code *} of a closed schema written out as the source's columns, in order. */
    private static Query.Select withColumns(Query.Select s, Schema source) {
        if (!source.isClosed() || s.items().stream().noneMatch(Query.SelectItem::star)) {
            return s;
        }
        List<Query.SelectItem> items = new ArrayList<>();
        for (Query.SelectItem item : s.items()) {
            if (!item.star()) {
                items.add(item);
                continue;
            }
            for (String c : source.names()) {
                items.add(new Query.SelectItem(item.pos(), false, null, new Expr.ColumnRef(item.pos(), null, c), c, false));
            }
        }
        return new Query.Select(s.pos(), s.distinct(), items, s.from(), s.joins(), s.where(), s.groupBy(), s.window(),
                s.having(), s.orderBy(), s.limit(), s.emit(), s.into(), s.with());
    }

    private static List<Expr.Over> overs(Query.Select s) {
        List<Expr.Over> overs = new ArrayList<>();
        for (Query.SelectItem item : s.items()) {
            if (item.expr() != null) {
                Exprs.forEach(item.expr(), e -> {
                    if (e instanceof Expr.Call c && c.over() != null) {
                        overs.add(c.over());
                    }
                });
            }
        }
        return overs;
    }

    private static boolean callsAggregate(Query.Select s, Predicate<String> aggregate) {
        boolean[] found = {false};
        for (Query.SelectItem item : s.items()) {
            if (item.expr() != null) {
                Exprs.forEach(item.expr(), e -> found[0] |= e instanceof Expr.Call c && c.over() == null
                        && aggregate.test(c.name()));
            }
        }
        return found[0];
    }

    /**
     * Stage 2's watermark over the source partitions rather than the repartition topic's
     * (docs/scaling.md#repartition). A repartition partition q carries one ordered stream per source
     * partition p that fed it; with each record's time, its stream (q, p) is observed too, as a
     * partition of its own, numbered from {@code partitions} up in the order the streams appear
     * (below that, the window operator observes the repartition partitions themselves). A
     * repartition partition's latest time is at least each of its streams', so the watermark is the
     * minimum over the streams seen: a source partition that lags holds it back, as it does in a job
     * reading the source, and its records are not late merely because stage 1 read another ahead.
     *
     * @param partitions the partition count of the source, which the repartition topic has too
     */
    static ToLongFunction<StreamRecord> watermarkBySourcePartition(ToLongFunction<StreamRecord> time, Evaluator column,
                                                                   WatermarkTracker watermark, int partitions) {
        Row row = new Row();
        int[] streams = new int[partitions * partitions];
        Arrays.fill(streams, -1);
        int[] seen = {0};
        return r -> {
            long t = time.applyAsLong(r);
            row.reset(r, null);
            int q = r.partition();
            if (column.eval(row) instanceof Long p && p >= 0 && p < partitions && q >= 0 && q < partitions) {
                int stream = q * partitions + p.intValue();
                if (streams[stream] < 0) {
                    streams[stream] = seen[0]++;
                }
                watermark.observe(partitions + streams[stream], t);
            }
            return t;
        };
    }

    private static boolean names(Query.Source from, String qualifier) {
        return qualifier.equalsIgnoreCase(from.refName()) || qualifier.equalsIgnoreCase(from.name());
    }

    private static void addIfColumn(Set<String> columns, String name, Schema schema) {
        try {
            int slot = schema.slotOf(name);
            if (slot >= 0) {
                columns.add(schema.name(slot));
            }
        } catch (IllegalArgumentException ambiguous) {
            columns.add(name); // stage 1 reports it where it is compiled
        }
    }

    /** The column references of the clauses stage 2 keeps (not WHERE: stage 1 applies it to the source). */
    private static List<Expr.ColumnRef> columnRefs(Query.Select s) {
        List<Expr> roots = new ArrayList<>();
        s.items().forEach(i -> {
            if (i.expr() != null) {
                roots.add(i.expr());
            }
        });
        roots.addAll(s.groupBy());
        if (s.having() != null) {
            roots.add(s.having());
        }
        if (s.window() != null && s.window().timeColumn() != null) {
            roots.add(s.window().timeColumn());
        }
        List<Expr.ColumnRef> refs = new ArrayList<>();
        for (Expr root : roots) {
            Exprs.forEach(root, e -> {
                if (e instanceof Expr.ColumnRef ref) {
                    refs.add(ref);
                }
            });
        }
        return refs;
    }
}
