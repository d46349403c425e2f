package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.MemoryChangelog;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream–stream join's buffers in changelogged stores (docs/kafka.md#state): dropped with a
 * batch processed since its last flush and restored from the changelogs, it gives exactly the
 * output of an uninterrupted run — matches across the restart, unmatched outer rows once; and a
 * rolled-back batch processed again counts once.
 */
class IntervalJoinRestoreTest {
    private static final int STEPS = 60;

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
    @EnumSource(JoinType.class)
    void aRestoredJoinMatchesAcrossTheRestartExactlyAsAnUninterruptedOne(JoinType type) {
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
            IntervalJoinOperator first = restored(type, state, logs);
            for (int s = 0; s < flushed; s++) {
                process(first, input.get(s), out);
                state.flush();
                state.committed(); // the commit succeeded
            }
            for (int s = flushed; s < flushed + lost; s++) {
                process(first, input.get(s), new ArrayList<>());
            }
            StateStores restoredState = new StateStores();
            IntervalJoinOperator second = restored(type, restoredState, logs);
            for (int s = flushed; s < STEPS; s++) {
                process(second, input.get(s), out);
                restoredState.flush();
                restoredState.committed(); // the commit succeeded
            }
            finish(second, out);
            assertThat(logs.keySet()).containsExactlyInAnyOrder("watermark", "join-left", "join-right");
            assertThat(out).as("%s, seed %d: crash after %d flushed batches and %d lost", type, seed, flushed, lost)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void aRolledBackBatchIsJoinedAgainAsIfForTheFirstTime(JoinType type) {
        List<Step> input = input(11);
        IntervalJoinOperator reference = join(type);
        List<String> expected = new ArrayList<>();
        input.forEach(s -> process(reference, s, expected));
        finish(reference, expected);

        StateStores state = new StateStores();
        IntervalJoinOperator j = restored(type, state, new HashMap<>());
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
        assertThat(out).isEqualTo(expected);
    }

    private static IntervalJoinOperator restored(JoinType type, StateStores state, Map<String, MemoryChangelog> logs) {
        IntervalJoinOperator j = join(type);
        ChangelogStores stores = new ChangelogStores(state, n -> logs.computeIfAbsent(n, x -> new MemoryChangelog()));
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
