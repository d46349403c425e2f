package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.MemoryChangelog;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.internal.exec.state.StoreFactory;
import io.velostream.engine.internal.exec.state.rocksdb.RocksDbStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream–stream join's buffers in changelogged stores (docs/kafka.md#state): dropped with a
 * batch processed since its last flush and restored from the changelogs, it gives exactly the
 * output of an uninterrupted run — matches across the restart, unmatched outer rows once; and a
 * rolled-back batch processed again counts once. In memory and in RocksDB (pinned) stores
 * (docs/scaling.md#stores).
 */
class IntervalJoinRestoreTest {
    private static final int STEPS = 60;

    @TempDir
    static Path stateDir;
    private static int runs;

    static Stream<Arguments> joins() {
        return Stream.of(JoinType.values()).flatMap(t -> Stream.of(Arguments.of(t, false), Arguments.of(t, true)));
    }

    /** In memory, or RocksDB stores in a directory of their own (a cache too small to matter: the join pins). */
    private static StoreFactory factory(boolean rocksdb) {
        return rocksdb ? new RocksDbStores(stateDir.resolve("run" + ++runs), 500) : StoreFactory.MEMORY;
    }

    /** One batch for one side. */
    private record Step(boolean left, List<StreamRecord> rows) {
    }

    private static List<Step> input(long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long t = 1_000;
        for (int s = 0; s < STEPS; s++) {
            boolean left = random.nextBoolean();
            List<StreamRecord> rows = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                t += random.nextInt(15);
                long time = t - random.nextInt(30);
                Object key = "k" + random.nextInt(4);
                rows.add(new StreamRecord(left ? IntervalJoinOperatorTest.L : IntervalJoinOperatorTest.R,
                        new Object[] {key, (long) random.nextInt(1000)}, (left ? "L" : "R") + s + "." + i, time - 1,
                        time, left ? "left" : "right", random.nextInt(2), s, Headers.of("step", "" + s)));
            }
            steps.add(new Step(left, rows));
        }
        return steps;
    }

    private static IntervalJoinOperator join(JoinType type) {
        WatermarkTracker wm = new WatermarkTracker(WatermarkTracker.Strategy.BOUNDED_OUT_OF_ORDERNESS, 20, 0, () -> 0L);
        return new IntervalJoinOperator(type, IntervalJoinOperatorTest.KEY, IntervalJoinOperatorTest.KEY, -40, 25, 2, 2,
                IntervalJoinOperatorTest.JOINED, wm, e -> { }, () -> { });
    }

    @ParameterizedTest
    @MethodSource("joins")
    void aRestoredJoinMatchesAcrossTheRestartExactlyAsAnUninterruptedOne(JoinType type, boolean rocksdb) {
        for (long seed = 1; seed <= 5; seed++) {
            List<Step> input = input(seed);
            IntervalJoinOperator reference = join(type);
            List<String> expected = new ArrayList<>();
            input.forEach(s -> process(reference, s, expected));
            finish(reference, expected);

            Random crash = new Random(seed);
            int flushed = 1 + crash.nextInt(STEPS - 5);
            int lost = 1 + crash.nextInt(3);
            Map<String, MemoryChangelog> logs = new HashMap<>();
            List<String> out = new ArrayList<>();
            StateStores state = new StateStores();
            StoreFactory factory = factory(rocksdb);
            IntervalJoinOperator first = restored(type, state, logs, factory);
            for (int s = 0; s < flushed; s++) {
                process(first, input.get(s), out);
                state.flush();
                state.committed(); // the commit succeeded
            }
            for (int s = flushed; s < flushed + lost; s++) {
                process(first, input.get(s), new ArrayList<>());
            }
            state.close(); // the process is gone: its files are free
            StateStores restoredState = new StateStores();
            IntervalJoinOperator second = restored(type, restoredState, logs, factory);
            for (int s = flushed; s < STEPS; s++) {
                process(second, input.get(s), out);
                restoredState.flush();
                restoredState.committed(); // the commit succeeded
            }
            finish(second, out);
            restoredState.close();
            assertThat(logs.keySet()).containsExactlyInAnyOrder("watermark", "join-left", "join-right");
            assertThat(out).as("%s, seed %d: crash after %d flushed batches and %d lost", type, seed, flushed, lost)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("joins")
    void aRolledBackBatchIsJoinedAgainAsIfForTheFirstTime(JoinType type, boolean rocksdb) {
        List<Step> input = input(11);
        IntervalJoinOperator reference = join(type);
        List<String> expected = new ArrayList<>();
        input.forEach(s -> process(reference, s, expected));
        finish(reference, expected);

        StateStores state = new StateStores();
        IntervalJoinOperator j = restored(type, state, new HashMap<>(), factory(rocksdb));
        List<String> out = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            if (s % 4 == 2) {
                process(j, input.get(s), new ArrayList<>());
                state.rollback();
            }
            process(j, input.get(s), out);
            state.flush();
            state.committed(); // the commit succeeded
        }
        finish(j, out);
        state.close();
        assertThat(out).isEqualTo(expected);
    }

    private static IntervalJoinOperator restored(JoinType type, StateStores state, Map<String, MemoryChangelog> logs,
                                                 StoreFactory factory) {
        IntervalJoinOperator j = join(type);
        ChangelogStores stores = new ChangelogStores(state, n -> logs.computeIfAbsent(n, x -> new MemoryChangelog()),
                Map.of(), factory);
        ((StatefulOperator) j.left()).useStore(stores);
        ((StatefulOperator) j.right()).useStore(stores);
        return j;
    }

    private static void process(IntervalJoinOperator j, Step step, List<String> out) {
        Operator side = step.left() ? j.left() : j.right();
        List<StreamRecord> records = new ArrayList<>();
        side.process(step.rows(), records);
        records.forEach(r -> out.add(text(r)));
    }

    private static void finish(IntervalJoinOperator j, List<String> out) {
        List<StreamRecord> records = new ArrayList<>();
        j.left().finish(records);
        j.right().finish(records);
        records.forEach(r -> out.add(text(r)));
    }

    private static String text(StreamRecord r) {
        return IntervalJoinOperatorTest.show(List.of(r)).get(0) + " key=" + r.key() + " ts=" + r.timestamp() + " "
                + r.topic() + "/" + r.partition() + "/" + r.offset() + " " + r.headers();
    }
}
