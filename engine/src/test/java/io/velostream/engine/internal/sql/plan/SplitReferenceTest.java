package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.parse.SqlParser;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split of DISTINCT and OVER queries (docs/scaling.md#repartition) against a reference: for
 * generated queries (fixed seed), stage 1 over a source of four partitions, its records sent to
 * four tasks by their key columns, and stage 2 planned per task, give the rows the query gives
 * unsplit on one instance — each DISTINCT row once, each OVER result as computed over its whole
 * PARTITION BY partition.
 */
class SplitReferenceTest {
    private static final Schema EVENTS = Schema.of(List.of("id", "region", "tier", "amount", "note"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.INTEGER, SqlType.INTEGER, SqlType.STRING));
    private static final int PARTITIONS = 4;
    private static final String[] REGIONS = {"EU", "US", "APAC", null};
    /** DISTINCT items and PARTITION BY expressions: columns and expressions over them. */
    private static final String[] KEYS = {"region", "tier", "UPPER(region)", "tier % 2", "amount > 50", "e.region",
            "note"};
    private static final String[] CALLS = {"COUNT(*)", "SUM(amount)", "MAX(amount)", "ROW_NUMBER()", "LAG(amount)",
            "AVG(amount)"};
    private static final String[] ORDERS = {"", " ORDER BY amount", " ORDER BY id DESC",
            " ORDER BY amount ROWS BETWEEN 2 PRECEDING AND CURRENT ROW", " ROWS BETWEEN 1 PRECEDING AND CURRENT ROW"};

    @Test
    void generatedDistinctQueriesGiveTheUnsplitRowsEachOnce() {
        Random random = new Random(20261206);
        for (int q = 0; q < 60; q++) {
            StringBuilder sql = new StringBuilder("SELECT DISTINCT ");
            if (random.nextInt(6) == 0) {
                sql.append(random.nextBoolean() ? "*" : "e.*, tier % 3 AS t3");
            } else {
                sql.append(String.join(", ", pick(random, KEYS, 1 + random.nextInt(3), "k")));
            }
            if (random.nextInt(4) == 0) {
                sql.append(", id AS _event_time"); // the event time, not a value of the row: not in the key
            }
            sql.append(" FROM events e");
            if (random.nextBoolean()) {
                sql.append(" WHERE amount > ").append(random.nextInt(60));
            }
            compare(sql.toString(), random);
        }
    }

    @Test
    void generatedOverQueriesGiveTheUnsplitResultsPerPartition() {
        Random random = new Random(1206);
        for (int q = 0; q < 60; q++) {
            String partitionBy = String.join(", ", pick(random, KEYS, 1 + random.nextInt(2), null));
            List<String> items = new ArrayList<>(pick(random, new String[] {"id", "region", "amount", "tier"},
                    1 + random.nextInt(2), null));
            int calls = 1 + random.nextInt(3);
            for (int c = 0; c < calls; c++) {
                String call = CALLS[random.nextInt(CALLS.length)];
                String order = ORDERS[random.nextInt(ORDERS.length)];
                if (call.equals("ROW_NUMBER()") || call.equals("LAG(amount)")) {
                    order = order.contains("ROWS") ? " ORDER BY id" : order;
                }
                items.add(call + " OVER (PARTITION BY " + partitionBy + order + ") AS w" + c);
            }
            String sql = "SELECT " + String.join(", ", items) + " FROM events e"
                    + (random.nextBoolean() ? " WHERE tier <> " + random.nextInt(5) : "");
            compare(sql, random);
        }
    }

    @Test
    void aDistinctOfStarIsTheSourcesColumnsNotTheRepartitionsOwn() {
        Query.Select select = (Query.Select) SqlParser.parseStatement("SELECT DISTINCT * FROM events").query();
        Repartition.Split split = Repartition.split(select, EVENTS, null, "app-d-repartition-0");
        assertThat(split.stage2().distinct()).isTrue();
        assertThat(split.stage2().items()).extracting(Query.SelectItem::alias).containsExactlyElementsOf(EVENTS.names());
        assertThat(split.stage1().items().stream().filter(Query.SelectItem::primaryKey)).hasSize(EVENTS.size());
    }

    /** Runs {@code sql} unsplit and split over the same generated input, and compares their rows. */
    private static void compare(String sql, Random random) {
        List<StreamRecord> input = events(random, 200 + random.nextInt(200));
        Query.Select select = (Query.Select) SqlParser.parseStatement(sql).query();
        assertThat(Repartition.isCandidate(select)).as(sql).isTrue();
        assertThat(Repartition.whyNot(select, EVENTS, name -> Plans.AGGREGATES.find(name).isPresent())).as(sql).isNull();

        Plans unsplit = Plans.ok(select, EVENTS);
        List<StreamRecord> expected = run(unsplit.planned.operator(), input);

        Repartition.Split split = Repartition.split(select, EVENTS, null, "app-q-repartition-0");
        List<StreamRecord> repartitioned = run(Plans.ok(split.stage1(), EVENTS).planned.operator(), input);
        assertThat(repartitioned).as(sql).isNotEmpty();
        List<String> keyColumns = repartitioned.get(0).schema().names().stream()
                .filter(n -> n.startsWith(Repartition.KEY_COLUMN)).toList();
        Map<Integer, List<StreamRecord>> tasks = new HashMap<>();
        for (StreamRecord r : repartitioned) {
            // A key's records in one task, in the order stage 1 wrote them, as the repartition topic's partition keeps them.
            List<Object> key = keyColumns.stream().map(r::get).map(SplitReferenceTest::comparable).toList();
            tasks.computeIfAbsent(Math.floorMod(key.hashCode(), PARTITIONS), t -> new ArrayList<>()).add(r);
        }
        List<StreamRecord> actual = new ArrayList<>();
        for (List<StreamRecord> records : tasks.values()) {
            Plans task = Plans.ok(split.stage2(), records.get(0).schema());
            actual.addAll(run(task.planned.operator(), records));
        }
        assertThat(rows(actual)).as(sql).containsExactlyInAnyOrderElementsOf(rows(expected));
        if (!actual.isEmpty() && !expected.isEmpty()) {
            assertThat(actual.get(0).schema().names()).as(sql).isEqualTo(expected.get(0).schema().names());
        }
    }

    /** {@code n} distinct expressions of {@code from}, aliased {@code <prefix><i>} when a prefix is given. */
    private static List<String> pick(Random random, String[] from, int n, String prefix) {
        List<String> all = new ArrayList<>(Arrays.asList(from));
        java.util.Collections.shuffle(all, random);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(prefix == null ? all.get(i) : all.get(i) + " AS " + prefix + i);
        }
        return picked;
    }

    /** Records spread over the source's partitions, each partition's offsets in order. */
    private static List<StreamRecord> events(Random random, int n) {
        long[] offsets = new long[PARTITIONS];
        List<StreamRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int p = random.nextInt(PARTITIONS);
            Object[] values = {(long) i, REGIONS[random.nextInt(REGIONS.length)], (long) random.nextInt(5),
                    random.nextInt(10) == 0 ? null : (long) random.nextInt(100), random.nextBoolean() ? "x" : "y"};
            records.add(new StreamRecord(EVENTS, values, "k" + random.nextInt(50), 1_000L + i, 1_000L + i, "events", p,
                    offsets[p]++, Headers.EMPTY));
        }
        return records;
    }

    /** In batches of 25, as a job reads them. */
    private static List<StreamRecord> run(Operator op, List<StreamRecord> in) {
        List<StreamRecord> out = new ArrayList<>();
        for (int from = 0; from < in.size(); from += 25) {
            op.process(in.subList(from, Math.min(in.size(), from + 25)), out);
        }
        return out;
    }

    private static List<String> rows(List<StreamRecord> records) {
        return records.stream().map(r -> java.util.stream.IntStream.range(0, r.schema().size())
                .mapToObj(i -> String.valueOf(comparable(r.value(i)))).collect(Collectors.joining("|"))).toList();
    }

    /** Values as the key string compares them (docs/sql.md#output-key). */
    private static Object comparable(Object value) {
        return value == null ? "null" : value.toString();
    }
}
