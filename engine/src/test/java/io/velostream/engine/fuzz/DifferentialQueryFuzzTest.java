package io.velostream.engine.fuzz;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.io.memory.MemoryWriter;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random queries (filter and projection; GROUP BY with COUNT, SUM, MIN, MAX, AVG, EMIT FINAL; the
 * same in a TUMBLING window) run through the engine, over records in memory, and through a
 * reference evaluator written here; their rows are compared as multisets (SQL gives no order to
 * GROUP BY output). Semantics from docs/sql.md: NULL fails a WHERE, NULL keys are one group,
 * aggregates skip NULLs (SUM/MIN/MAX/AVG of none is NULL), windows are epoch-aligned and half-open,
 * and EMIT FINAL gives each group (per window) once when the bounded input ends.
 */
class DifferentialQueryFuzzTest {
    static final Schema ORDERS = Schema.of(List.of("id", "k", "v"), List.of(SqlType.INTEGER, SqlType.STRING, SqlType.INTEGER));
    static final String[] KEYS = {"a", "b", "c", "é😀", null};
    static final String[] CMP = {"=", "<>", "<", ">", "<=", ">="};

    record Pred(String sql, java.util.function.Predicate<Object[]> test) {
    }

    static List<StreamRecord> input(Random r) {
        List<StreamRecord> out = new ArrayList<>();
        long t = r.nextInt(10_000);
        for (int i = r.nextInt(60); i > 0; i--) {
            t += r.nextInt(3_000);
            Long v = r.nextInt(8) == 0 ? null : (long) r.nextInt(201) - 100;
            out.add(new StreamRecord(ORDERS, new Object[] {(long) out.size(), KEYS[r.nextInt(KEYS.length)], v}, null, t, t,
                    "orders", 0, out.size(), null));
        }
        return out;
    }

    static Pred predicate(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> new Pred("TRUE", row -> true);
            case 1 -> {
                String op = CMP[r.nextInt(CMP.length)];
                long c = r.nextInt(201) - 100;
                yield new Pred("v " + op + " " + c, row -> row[2] != null && cmp(op, Long.compare((Long) row[2], c)));
            }
            case 2 -> {
                String key = KEYS[r.nextInt(KEYS.length - 1)];
                yield new Pred("k <> '" + key + "'", row -> row[1] != null && !row[1].equals(key));
            }
            case 3 -> new Pred("v IS NULL OR id % 2 = 0", row -> row[2] == null || (Long) row[0] % 2 == 0);
            default -> {
                long lo = r.nextInt(100) - 50;
                yield new Pred("v BETWEEN " + lo + " AND " + (lo + 40) + " AND k IS NOT NULL",
                        row -> row[2] != null && (Long) row[2] >= lo && (Long) row[2] <= lo + 40 && row[1] != null);
            }
        };
    }

    static boolean cmp(String op, int c) {
        return switch (op) {
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            default -> c >= 0;
        };
    }

    static List<StreamRecord> run(String sql, List<StreamRecord> records) {
        MemoryWriter sink = new MemoryWriter();
        Connectors connectors = new Connectors().register(new ConnectorFactory() {
            @Override
            public String type() {
                return "memory";
            }

            @Override
            public DataReader openReader(EndpointSpec spec) {
                return new MemoryReader(ORDERS, records.iterator());
            }

            @Override
            public DataWriter openWriter(EndpointSpec spec) {
                return sink;
            }
        });
        Job job = ApplicationCompiler.withBuiltins(connectors)
                .prepare(sql, new ApplicationCompiler.Options(null, null, Map.of(), Map.of(), "memory", "memory"))
                .nextJob();
        new JobRunner().run(job);
        return sink.records();
    }

    /** A row as comparable text: numbers by value (1 = 1.0 = 1.00), NULL as null. */
    static List<String> norm(List<Object> row) {
        List<String> out = new ArrayList<>();
        for (Object v : row) {
            if (v instanceof Number n && !(v instanceof Double)) {
                out.add(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            } else if (v instanceof Double d) {
                out.add(BigDecimal.valueOf(d).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
            } else {
                out.add(Objects.toString(v));
            }
        }
        return out;
    }

    static Map<List<String>, Integer> multiset(List<List<Object>> rows) {
        Map<List<String>, Integer> m = new HashMap<>();
        rows.forEach(row -> m.merge(norm(row), 1, Integer::sum));
        return m;
    }

    /** AVG is compared at 6 decimals: the engine's may be DECIMAL or FLOAT. */
    static Object avg(long sum, long n) {
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 6, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    static void compare(long seed, String sql, List<StreamRecord> in, List<String> columns, List<List<Object>> expected) {
        List<StreamRecord> out = Fuzz.bounded(Duration.ofSeconds(20), seed, sql, () -> {
            try {
                return run(sql, in);
            } catch (Throwable t) {
                fail(sql + " failed (seed " + seed + ", " + in.size() + " records): " + Fuzz.describe(t));
                return null;
            }
        });
        List<List<Object>> actual = new ArrayList<>();
        for (StreamRecord r : out) {
            List<Object> row = new ArrayList<>();
            for (String c : columns) {
                Object v = r.get(c);
                row.add(c.equals("av") && v instanceof Number n ? (Object) n.doubleValue() : v);
            }
            actual.add(row);
        }
        Map<List<String>, Integer> want = multiset(expected);
        Map<List<String>, Integer> got = multiset(actual);
        if (!want.equals(got)) {
            fail(sql + " (seed " + seed + "): expected rows " + want + " but the engine gave " + got + "; input "
                    + in.stream().map(r -> r.timestamp() + ":" + java.util.Arrays.toString(
                            new Object[] {r.value(0), r.value(1), r.value(2)})).toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> filterAndProjection() {
        long seed = Fuzz.seed(1311);
        return Stream.of(DynamicTest.dynamicTest("filter and projection (seed " + seed + ")", () -> {
            Random r = new Random(seed);
            for (int q = 0; q < Fuzz.count(100); q++) {
                List<StreamRecord> in = input(r);
                Pred where = predicate(r);
                long m = r.nextInt(7) - 3;
                String sql = "SELECT id, k, v * " + m + " + id AS w FROM orders WHERE " + where.sql() + " INTO out";
                List<List<Object>> expected = new ArrayList<>();
                for (StreamRecord rec : in) {
                    Object[] row = {rec.value(0), rec.value(1), rec.value(2)};
                    if (where.test().test(row)) {
                        expected.add(java.util.Arrays.asList(row[0], row[1], row[2] == null ? null : (Long) row[2] * m + (Long) row[0]));
                    }
                }
                compare(seed, sql, in, List.of("id", "k", "w"), expected);
            }
        }));
    }

    /** Per group (and window start), the state of COUNT(*), COUNT(v), SUM, MIN, MAX. */
    static final class Acc {
        long rows;
        long n;
        long sum;
        Long min;
        Long max;

        void add(Long v) {
            rows++;
            if (v != null) {
                n++;
                sum += v;
                min = min == null ? v : Math.min(min, v);
                max = max == null ? v : Math.max(max, v);
            }
        }
    }

    /**
     * EMIT CHANGES without WINDOW (docs/sql.md: "one updated row per input, in input order"): the
     * whole changelog, in order, not only the final state per key.
     */
    @TestFactory
    Stream<DynamicTest> groupByEmitChangesChangelog() {
        long seed = Fuzz.seed(1313);
        return Stream.of(DynamicTest.dynamicTest("GROUP BY, EMIT CHANGES changelog (seed " + seed + ")", () -> {
            Random r = new Random(seed);
            for (int q = 0; q < Fuzz.count(100); q++) {
                List<StreamRecord> in = input(r);
                Pred where = predicate(r);
                String sql = "SELECT k, COUNT(*) AS rows_, COUNT(v) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(v) AS hi"
                        + " FROM orders WHERE " + where.sql() + " GROUP BY k EMIT CHANGES INTO out";
                Map<Object, Acc> groups = new HashMap<>();
                List<List<Object>> expected = new ArrayList<>();
                for (StreamRecord rec : in) {
                    Object[] row = {rec.value(0), rec.value(1), rec.value(2)};
                    if (where.test().test(row)) {
                        Acc a = groups.computeIfAbsent(java.util.Arrays.asList(row[1]), g -> new Acc());
                        a.add((Long) row[2]);
                        expected.add(java.util.Arrays.asList(row[1], a.rows, a.n, a.n == 0 ? null : a.sum, a.min, a.max));
                    }
                }
                List<String> columns = List.of("k", "rows_", "n", "s", "lo", "hi");
                List<StreamRecord> out = Fuzz.bounded(Duration.ofSeconds(20), seed, sql, () -> run(sql, in));
                List<List<String>> got = new ArrayList<>();
                for (StreamRecord o : out) {
                    List<Object> row = new ArrayList<>();
                    columns.forEach(c -> row.add(o.get(c)));
                    got.add(norm(row));
                }
                List<List<String>> want = expected.stream().map(DifferentialQueryFuzzTest::norm).toList();
                if (!want.equals(got)) {
                    fail(sql + " (seed " + seed + "): expected the changelog " + want + " but the engine gave " + got);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> groupByAndTumblingWindows() {
        long seed = Fuzz.seed(1312);
        return Stream.of(DynamicTest.dynamicTest("GROUP BY, EMIT FINAL, with and without TUMBLING (seed " + seed + ")", () -> {
            Random r = new Random(seed);
            for (int q = 0; q < Fuzz.count(200); q++) {
                List<StreamRecord> in = input(r);
                Pred where = predicate(r);
                long size = r.nextBoolean() ? 0 : (1 + r.nextInt(10)) * 1000L;
                String sql = "SELECT k, COUNT(*) AS rows_, COUNT(v) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(v) AS hi, AVG(v) AS av"
                        + " FROM orders WHERE " + where.sql() + " GROUP BY k"
                        + (size == 0 ? "" : " WINDOW TUMBLING(" + size / 1000 + "s)") + " EMIT FINAL INTO out";
                Map<List<Object>, Acc> groups = new HashMap<>();
                for (StreamRecord rec : in) {
                    Object[] row = {rec.value(0), rec.value(1), rec.value(2)};
                    if (where.test().test(row)) {
                        long start = size == 0 ? 0 : Math.floorDiv(rec.timestamp(), size) * size;
                        groups.computeIfAbsent(java.util.Arrays.asList(row[1], start), g -> new Acc()).add((Long) row[2]);
                    }
                }
                List<List<Object>> expected = new ArrayList<>();
                groups.forEach((g, a) -> expected.add(java.util.Arrays.asList(g.get(0), a.rows, a.n,
                        a.n == 0 ? null : a.sum, a.min, a.max, avg(a.sum, a.n))));
                compare(seed, sql, in, List.of("k", "rows_", "n", "s", "lo", "hi", "av"), expected);
            }
        }));
    }
}
