package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.MemoryChangelog;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreFactory;
import io.velostream.engine.internal.exec.state.rocksdb.RocksDbStores;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator state in changelogged stores (docs/kafka.md#state): each stateful operator runs part of
 * a generated input, "crashes" — it is dropped with a batch processed since its last flush, whose
 * output and changes are lost — and a fresh operator restored from the same changelogs runs the
 * rest from the last flush. The output must be exactly that of an uninterrupted run. Likewise a
 * batch rolled back (aborted) and processed again. Each in memory and in RocksDB stores whose cache
 * holds a few values only (docs/scaling.md#stores).
 */
class StateRestoreTest {
    /** Room for a few values per store: most are read back from RocksDB. */
    private static final long SMALL_CACHE = 2_000;
    /** Written to the output after each batch's rows. */
    private static final String BATCH_END = "-- end of batch";

    @TempDir
    static Path stateDir;
    private static int runs;
    private static final Schema TICKS = Schema.of(List.of("sym", "v", "ts"),
            List.of(SqlType.STRING, SqlType.INTEGER, SqlType.INTEGER));
    private static final Map<String, String> TIME = Map.of("event.time.field", "ts",
            "watermark.max_out_of_orderness", "1500");
    private static final int BATCHES = 40;
    private static final int BATCH_SIZE = 25;

    static Stream<Arguments> queries() {
        return operators().flatMap(a -> Stream.of(Arguments.of(a.get()[0] + ", memory", a.get()[1], false),
                Arguments.of(a.get()[0] + ", rocksdb", a.get()[1], true)));
    }

    static Stream<Arguments> operators() {
        Map<String, String> updatePrevious = new HashMap<>(TIME);
        updatePrevious.put("late.data.strategy", "update_previous");
        updatePrevious.put("late.data.retention", "5s");
        Map<String, String> includeInNext = new HashMap<>(TIME);
        includeInNext.put("late.data.strategy", "include_in_next");
        String agg = "SELECT sym, COUNT(*) AS n, SUM(v) AS total, MIN(v) AS lo, _window_start AS ws, _window_end AS we"
                + " FROM ticks GROUP BY sym ";
        return Stream.of(
                Arguments.of("tumbling, EMIT FINAL", query(agg + "WINDOW TUMBLING(2s)", TIME)),
                Arguments.of("tumbling, EMIT CHANGES", query(agg + "WINDOW TUMBLING(2s) EMIT CHANGES", TIME)),
                Arguments.of("tumbling, update_previous", query(agg + "WINDOW TUMBLING(2s)", updatePrevious)),
                Arguments.of("tumbling, include_in_next", query(agg + "WINDOW TUMBLING(2s)", includeInNext)),
                Arguments.of("sliding, EMIT FINAL", query(agg + "WINDOW SLIDING(3s, 1s)", TIME)),
                Arguments.of("session, EMIT FINAL", query(agg + "WINDOW SESSION(700ms)", TIME)),
                Arguments.of("session, EMIT CHANGES", query(agg + "WINDOW SESSION(700ms) EMIT CHANGES", TIME)),
                Arguments.of("DISTINCT", (Supplier<Operator>) () -> Plans.plan(
                        "SELECT DISTINCT sym, v % 7 AS m FROM ticks", TICKS, true, 20).planned.operator()),
                Arguments.of("OVER", query("SELECT sym, v,"
                        + " SUM(v) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY sym ORDER BY ts) AS s5,"
                        + " AVG(v) OVER (ROWS WINDOW BUFFER 4 ROWS PARTITION BY sym ORDER BY ts) AS a4,"
                        + " LAG(v, 1, 0) OVER (PARTITION BY sym ORDER BY ts) AS prev,"
                        + " ROW_NUMBER() OVER (PARTITION BY sym ORDER BY ts) AS rn FROM ticks", TIME)),
                Arguments.of("OVER, one partition", query("SELECT v,"
                        + " MAX(v) OVER (ROWS WINDOW BUFFER 3 ROWS ORDER BY ts) AS m3,"
                        + " RANK() OVER (ORDER BY v) AS r FROM ticks", TIME)),
                Arguments.of("GROUP BY", query("SELECT sym, COUNT(*) AS n, SUM(v) AS total FROM ticks GROUP BY sym"
                        + " EMIT CHANGES", TIME)));
    }

    private static Supplier<Operator> query(String sql, Map<String, String> options) {
        return () -> {
            Plans p = Plans.plan(sql, TICKS, options);
            assertThat(p.diagnostics.errors()).as(sql).isEmpty();
            return p.planned.operator();
        };
    }

    /**
     * Batches of ticks over five symbols, event times rising about 100 ms a record with jitter of
     * up to 2 s behind (some late beyond the watermark's 1.5 s) and gaps that end sessions.
     */
    private static List<List<StreamRecord>> input(long seed) {
        Random random = new Random(seed);
        List<List<StreamRecord>> batches = new ArrayList<>();
        long t = 0;
        for (int b = 0; b < BATCHES; b++) {
            List<StreamRecord> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                t += random.nextInt(10) == 0 ? 900 : random.nextInt(200);
                long ts = Math.max(0, t - (random.nextInt(4) == 0 ? random.nextInt(2_000) : 0));
                batch.add(StreamRecord.of(TICKS, 0, "s" + random.nextInt(5), (long) random.nextInt(100), ts));
            }
            batches.add(batch);
        }
        return batches;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void aRestoredOperatorContinuesExactlyWhereTheLastFlushLeftIt(String name, Supplier<Operator> query, boolean rocksdb) {
        for (long seed = 1; seed <= 5; seed++) {
            List<List<StreamRecord>> input = input(seed);
            List<String> expected = uninterrupted(query.get(), input);
            Random crashes = new Random(seed);
            int flushed = 1 + crashes.nextInt(BATCHES - 2);
            int lost = 1 + crashes.nextInt(Math.min(3, BATCHES - flushed));
            assertThat(inOrder(crashed(query, input, flushed, lost, factory(rocksdb)), rocksdb))
                    .as("%s, seed %d: crash after %d flushed batches and %d lost", name, seed, flushed, lost)
                    .isEqualTo(inOrder(expected, rocksdb));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void aRolledBackBatchIsProcessedAgainAsIfForTheFirstTime(String name, Supplier<Operator> query, boolean rocksdb) {
        List<List<StreamRecord>> input = input(7);
        List<String> expected = uninterrupted(query.get(), input);
        StateStores state = new StateStores();
        Operator op = restored(query, state, new HashMap<>(), factory(rocksdb));
        List<String> out = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            if (b % 3 == 1) { // this batch is aborted after it changed the state, then read again
                process(op, input.get(b), new ArrayList<>());
                state.rollback();
            }
            process(op, input.get(b), out);
            state.flush();
            state.committed(); // the commit succeeded
        }
        finish(op, out);
        state.close();
        assertThat(inOrder(out, rocksdb)).as(name).isEqualTo(inOrder(expected, rocksdb));
    }

    /**
     * The output in the order to compare: as it is in memory; from RocksDB stores, each batch's rows sorted, as
     * the rows a batch emits for several groups at once (windows or sessions closing) come in the order the store
     * iterates, key order, after a restore or rollback (docs/scaling.md#stores).
     */
    private static List<String> inOrder(List<String> out, boolean rocksdb) {
        if (!rocksdb) {
            return out;
        }
        List<String> sorted = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= out.size(); i++) {
            if (i == out.size() || out.get(i).equals(BATCH_END)) {
                List<String> batch = new ArrayList<>(out.subList(from, i));
                batch.sort(null);
                sorted.addAll(batch);
                sorted.add(BATCH_END);
                from = i + 1;
            }
        }
        return sorted;
    }

    /** In memory, or RocksDB stores in a directory of their own. */
    private static StoreFactory factory(boolean rocksdb) {
        return rocksdb ? new RocksDbStores(stateDir.resolve("run" + ++runs), SMALL_CACHE) : StoreFactory.MEMORY;
    }

    private static List<String> uninterrupted(Operator op, List<List<StreamRecord>> input) {
        List<String> out = new ArrayList<>();
        input.forEach(batch -> process(op, batch, out));
        finish(op, out);
        return out;
    }

    /**
     * Flushes after each of the first {@code flushed} batches, processes {@code lost} more (their
     * output would be in an aborted transaction) and is dropped; a fresh operator restored from the
     * changelogs runs from batch {@code flushed} on.
     */
    private static List<String> crashed(Supplier<Operator> query, List<List<StreamRecord>> input, int flushed,
                                        int lost, StoreFactory factory) {
        Map<String, MemoryChangelog> logs = new HashMap<>();
        List<String> out = new ArrayList<>();
        StateStores state = new StateStores();
        Operator first = restored(query, state, logs, factory);
        for (int b = 0; b < flushed; b++) {
            process(first, input.get(b), out);
            state.flush();
            state.committed(); // the commit succeeded
        }
        for (int b = flushed; b < flushed + lost; b++) {
            process(first, input.get(b), new ArrayList<>());
        }
        state.close(); // the process is gone: its files are free
        StateStores restoredState = new StateStores();
        Operator second = restored(query, restoredState, logs, factory);
        for (int b = flushed; b < BATCHES; b++) {
            process(second, input.get(b), out);
            restoredState.flush();
            restoredState.committed(); // the commit succeeded
        }
        finish(second, out);
        restoredState.close();
        return out;
    }

    /** A new operator whose state is in stores over {@code logs}, restored from them. */
    private static Operator restored(Supplier<Operator> query, StateStores state, Map<String, MemoryChangelog> logs,
                                     StoreFactory factory) {
        Operator op = query.get();
        ChangelogStores stores = new ChangelogStores(state, name -> logs.computeIfAbsent(name, n -> new MemoryChangelog()),
                Map.of(), factory);
        int stateful = 0;
        for (Operator o : Chain.flatten(op)) {
            if (o instanceof StatefulOperator s) {
                s.useStore(stores);
                stateful++;
            }
        }
        assertThat(stateful).isPositive();
        return op;
    }

    private static void process(Operator op, List<StreamRecord> batch, List<String> out) {
        List<StreamRecord> records = new ArrayList<>();
        op.process(batch, records);
        records.forEach(r -> out.add(text(r)));
        out.add(BATCH_END);
    }

    private static void finish(Operator op, List<String> out) {
        List<StreamRecord> records = new ArrayList<>();
        op.finish(records);
        records.forEach(r -> out.add(text(r)));
    }

    private static String text(StreamRecord r) {
        Object[] values = new Object[r.width()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.value(i);
        }
        return r.key() + " " + Arrays.toString(values) + " @" + r.eventTime();
    }
}
