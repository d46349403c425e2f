package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.internal.sql.parse.SqlParser;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.Diagnostics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split of a stream–stream join co-partitioned on the record keys (docs/scaling.md#co-partitioned-joins)
 * against a reference: for generated joins (fixed seed) over two inputs keyed alike and spread over
 * four partitions by key, the join planned per task and fed only partition p of both sides gives the
 * rows the join gives unsplit on one instance.
 */
class JoinSplitReferenceTest {
    private static final Schema ORDERS = Schema.of(List.of("id", "region", "amount"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.INTEGER));
    private static final Schema PAYMENTS = Schema.of(List.of("id", "region", "amount"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.INTEGER));
    private static final int PARTITIONS = 4;
    private static final String[] REGIONS = {"EU", "US", null};
    private static final String[] TYPES = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL OUTER JOIN"};
    /** Out-of-orderness of the generated times is below it: no record is late, split or not. */
    private static final Map<String, String> TIME = Map.of("watermark.max_out_of_orderness", "5s");

    @Test
    void generatedJoinsOnTheRecordKeysGiveTheUnsplitRowsPerTask() {
        Random random = new Random(612);
        for (int q = 0; q < 50; q++) {
            String sql = "SELECT o.id, p.id AS pid, o.region, p.amount FROM orders o " + TYPES[random.nextInt(TYPES.length)]
                    + " payments p ON " + (random.nextBoolean() ? "o._key = p._key" : "p._key = o._key")
                    + (random.nextInt(3) == 0 ? " AND o.region = p.region" : "")
                    + " WITHIN " + (1 + random.nextInt(4)) + "s"
                    + (random.nextInt(3) == 0 ? " WHERE o.amount > " + random.nextInt(50) : "");
            Query.Select select = (Query.Select) SqlParser.parseStatement(sql).query();
            assertThat(Repartition.joinedOnRecordKeys(select)).as(sql).isTrue();
            List<StreamRecord> orders = records(random, ORDERS, "orders", 150 + random.nextInt(100));
            List<StreamRecord> payments = records(random, PAYMENTS, "payments", 150 + random.nextInt(100));

            List<StreamRecord> expected = run(plan(select), orders, payments, -1);
            List<StreamRecord> actual = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                actual.addAll(run(plan(select), orders, payments, p));
            }
            assertThat(expected).as(sql).isNotEmpty();
            assertThat(rows(actual)).as(sql).containsExactlyInAnyOrderElementsOf(rows(expected));
        }
    }

    @Test
    void onlyAJoinEquatingBothRecordKeysIsCoPartitionedByThem() {
        for (String on : List.of("o.region = p.region", "o._key = p.region", "o._key = o._key", "o.id = p.id AND o._key > p._key")) {
            Query.Select select = (Query.Select) SqlParser.parseStatement(
                    "SELECT o.id FROM orders o JOIN payments p ON " + on + " WITHIN 1s").query();
            assertThat(Repartition.joinedOnRecordKeys(select)).as(on).isFalse();
        }
        Query.Select withOthers = (Query.Select) SqlParser.parseStatement(
                "SELECT o.id FROM orders o JOIN payments p ON o.region = p.region AND orders._key = payments._key WITHIN 1s").query();
        assertThat(Repartition.joinedOnRecordKeys(withOthers)).isTrue();
    }

    /** The join's two chains, planned as the compiler plans a task's ({@code QueryPlanner.Planned#right}). */
    private static QueryPlanner.Planned plan(Query.Select select) {
        Diagnostics diagnostics = new Diagnostics(null, select.toString());
        ExpressionCompiler compiler = new ExpressionCompiler(n -> Plans.REGISTRY.find(n).orElse(null),
                n -> Plans.AGGREGATES.find(n).orElse(null), new FunctionContext(Clock.systemUTC()), diagnostics);
        QueryPlanner planner = new QueryPlanner(compiler, diagnostics, e -> {
            throw new AssertionError(e.message());
        }, 100_000, n -> Plans.AGGREGATES.find(n).orElse(null), () -> {
            throw new AssertionError("a late record");
        }).joinSides(src -> new QueryPlanner.StreamSide(PAYMENTS, TIME));
        QueryPlanner.Planned planned = planner.plan(select, new QueryPlanner.Input(ORDERS, false, TIME));
        assertThat(diagnostics.errors()).as(select.toString()).isEmpty();
        return planned;
    }

    /**
     * Batches of 25 of each side in turn, as a job reads its two inputs, then both ends; with {@code partition}
     * at least 0, only that partition's records of each batch (the task's share).
     */
    private static List<StreamRecord> run(QueryPlanner.Planned planned, List<StreamRecord> left,
                                          List<StreamRecord> right, int partition) {
        List<StreamRecord> out = new ArrayList<>();
        for (int from = 0; from < Math.max(left.size(), right.size()); from += 25) {
            feed(planned.operator(), left, from, partition, out);
            feed(planned.right(), right, from, partition, out);
        }
        planned.operator().finish(out);
        planned.right().finish(out);
        return out;
    }

    private static void feed(Operator op, List<StreamRecord> in, int from, int partition, List<StreamRecord> out) {
        List<StreamRecord> batch = in.subList(Math.min(from, in.size()), Math.min(in.size(), from + 25)).stream()
                .filter(r -> partition < 0 || r.partition() == partition).toList();
        op.process(batch, out);
    }

    /**
     * Records keyed {@code k0}…{@code k19}, in the partition of their key as Kafka's default partitioner would
     * place them (any function of the key will do: both sides use the same), times rising with jitter below 5 s.
     */
    private static List<StreamRecord> records(Random random, Schema schema, String topic, int n) {
        long[] offsets = new long[PARTITIONS];
        List<StreamRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "k" + random.nextInt(20);
            int p = Math.floorMod(key.hashCode(), PARTITIONS);
            long time = 1_000_000L + i * 100L + random.nextInt(3_000);
            Object[] values = {(long) i, REGIONS[random.nextInt(REGIONS.length)], (long) random.nextInt(100)};
            records.add(new StreamRecord(schema, values, key, time, time, topic, p, offsets[p]++, Headers.EMPTY));
        }
        return records;
    }

    private static List<String> rows(List<StreamRecord> records) {
        return records.stream().map(r -> IntStream.range(0, r.schema().size())
                .mapToObj(i -> String.valueOf(r.value(i))).collect(Collectors.joining("|"))).toList();
    }
}
