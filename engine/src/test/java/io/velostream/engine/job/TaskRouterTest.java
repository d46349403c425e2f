package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StoreInUseException;
import io.velostream.engine.io.RetriableIOException;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tasks per input partition (docs/scaling.md#tasks): each task counts its own partition's records in
 * a store of its own, "restored" from the counts its partition last flushed.
 */
class TaskRouterTest {
    private static final Schema SCHEMA = Schema.of("id");
    private final StateStores jobStores = new StateStores();
    private final JobMetrics metrics = new JobMetrics();
    /** What each partition's store flushed last: the stand-in for its changelog partition. */
    private final Map<Integer, Long> changelog = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    /** Partitions whose store another thread still holds open. */
    private final Set<Integer> inUse = new HashSet<>();
    private final TaskRouter router = new TaskRouter(() -> List.of(new Counter()), new Counter(),
            List.of((chain, stores, p) -> {
                events.add("open " + p);
                if (inUse.contains(p)) {
                    throw new UncheckedIOException(new StoreInUseException("store of " + p + " in use"));
                }
                ((Counter) chain).use(stores.register(new CountStore(p)));
            }), jobStores, metrics);

    @Test
    void recordsGoToTheTaskOfTheirPartitionEachWithItsOwnState() {
        router.assigned(0);
        router.assigned(2);
        assertThat(events).as("opened at the next batch, not inside the rebalance").isEmpty();

        List<Object> out = process(record(0), record(2), record(0), record(2), record(0));

        assertThat(events).containsExactly("open 0", "open 2");
        assertThat(out).containsExactly("p0=1", "p0=2", "p0=3", "p2=1", "p2=2");
        assertThat(metrics.tasks()).isEqualTo(2);
        assertThat(metrics.rebalances()).isEqualTo(1);
        assertThat(router.stateSize()).isEqualTo(2);
        assertThat(router.partitions()).containsExactly(0, 2);
    }

    @Test
    void aRevokedTaskIsClosedAndRestoredWhereItIsAssignedAgain() {
        router.assigned(0);
        router.assigned(1);
        process(record(0), record(0), record(1));
        commit(); // the commit: both tasks' stores write their changes
        assertThat(changelog).containsEntry(0, 2L).containsEntry(1, 1L);

        router.revoked(0);
        assertThat(process(record(1))).containsExactly("p1=2");
        assertThat(router.partitions()).containsExactly(1);
        assertThat(metrics.tasks()).isEqualTo(1);

        router.assigned(0);
        assertThat(process(record(0))).as("continues from its changelog, not from zero").containsExactly("p0=3");
        assertThat(events).containsExactly("open 0", "open 1", "open 0");
        assertThat(metrics.rebalances()).isEqualTo(3);
    }

    @Test
    void theJobsRollbackAndFlushSpanEveryTaskAndAClosedTaskIsLeftOut() {
        router.assigned(0);
        router.assigned(1);
        process(record(0), record(1));
        commit();
        process(record(0), record(1), record(1));
        jobStores.rollback(); // the batch was aborted: both tasks return to the last commit
        assertThat(process(record(0), record(1))).containsExactly("p0=2", "p1=2");

        router.revoked(1);
        process();
        commit();
        assertThat(changelog).as("the closed task's change is not written by this instance").containsEntry(1, 1L)
                .containsEntry(0, 2L);
    }

    @Test
    void aRecordOfAPartitionNotReportedOpensItsTaskAndEveryTaskFinishes() {
        process(record(3), record(StreamRecord.NO_PARTITION));
        assertThat(events).containsExactly("open 3", "open 0");
        List<StreamRecord> out = new ArrayList<>();
        router.finish(out);
        assertThat(values(out)).containsExactly("p3 final 1", "p0 final 1");
    }

    /** A store still held by the thread the partition moved from fails the batch as retriable; the retry opens it. */
    @Test
    void aStoreInUseFailsTheBatchAsRetriableAndTheTaskOpensOnTheRetry() {
        inUse.add(1);
        router.assigned(1);
        assertThatThrownBy(() -> process(record(1)))
                .satisfies(e -> assertThat(RetriableIOException.isRetriable(e)).isTrue())
                .hasMessageContaining("store of 1 in use");
        assertThat(router.partitions()).isEmpty();
        inUse.clear();
        assertThat(process(record(1))).containsExactly("p1=1");
        assertThat(events).containsExactly("open 1", "open 1");
    }

    /** The two sides of a co-partitioned join (docs/scaling.md#co-partitioned-joins): one task, a chain per input. */
    @Test
    void aTaskOfTwoInputsOpensAChainForEachAndEachInputFeedsItsOwn() {
        List<String> opened = new ArrayList<>();
        TaskRouter two = new TaskRouter(() -> List.of(new Counter(), new Counter()), new Counter(), List.of(
                (chain, stores, p) -> {
                    opened.add("left " + p);
                    ((Counter) chain).use(stores.register(new CountStore(p)));
                },
                (chain, stores, p) -> {
                    opened.add("right " + p);
                    ((Counter) chain).use(stores.register(new CountStore(p + 10)));
                }), jobStores, metrics);
        Operator right = two.side(1);
        two.assigned(2);
        List<StreamRecord> out = new ArrayList<>();
        right.process(List.of(record(2), record(2)), out); // either input's batch applies the assignment
        two.process(List.of(record(2)), out);
        assertThat(opened).containsExactly("left 2", "right 2");
        assertThat(values(out)).containsExactly("p12=1", "p12=2", "p2=1");
        assertThat(metrics.tasks()).isEqualTo(1);
        assertThat(TaskRouter.routes(right)).isTrue();
        out.clear();
        right.finish(out);
        assertThat(values(out)).containsExactly("p12 final 2");
    }

    private void commit() {
        jobStores.flush();
        jobStores.committed();
    }

    private List<Object> process(StreamRecord... records) {
        List<StreamRecord> out = new ArrayList<>();
        router.process(List.of(records), out);
        return values(out);
    }

    private static List<Object> values(List<StreamRecord> out) {
        return out.stream().map(r -> r.value(0)).toList();
    }

    private static StreamRecord record(int partition) {
        return new StreamRecord(SCHEMA, new Object[]{partition}, null, 0, 0, "in", partition, 0, Headers.EMPTY);
    }

    /** Counts its records: emits {@code p<partition>=<count>}, the count kept in its store. */
    private static final class Counter implements Operator {
        private CountStore store;

        void use(CountStore store) {
            this.store = store;
        }

        @Override
        public void process(List<StreamRecord> in, List<StreamRecord> out) {
            for (StreamRecord r : in) {
                out.add(StreamRecord.of(SCHEMA, 0, "p" + store.partition + "=" + store.increment()));
            }
        }

        @Override
        public void finish(List<StreamRecord> out) {
            out.add(StreamRecord.of(SCHEMA, 0, "p" + store.partition + " final " + store.count));
        }

        @Override
        public long stateSize() {
            return 1;
        }
    }

    /** One count, flushed to and restored from {@link #changelog}, rolled back to the last flush. */
    private final class CountStore extends OneValueStore {
        final int partition;
        long count;
        long flushed;

        CountStore(int partition) {
            this.partition = partition;
            this.count = this.flushed = changelog.getOrDefault(partition, 0L);
        }

        long increment() {
            return ++count;
        }

        @Override
        public void flush() {
            changelog.put(partition, count);
        }

        @Override
        public void committed() {
            flushed = count;
        }

        @Override
        public void rollback() {
            count = flushed;
        }
    }

    /** The store methods the count does not use: its state is one number. */
    private abstract static class OneValueStore implements KeyValueStore<Object, Object> {
        @Override
        public Object get(Object key) {
            return null;
        }

        @Override
        public void put(Object key, Object value) {
        }

        @Override
        public Object remove(Object key) {
            return null;
        }

        @Override
        public void changed(Object key, Object value) {
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public void forEach(BiConsumer<? super Object, ? super Object> action) {
        }

        @Override
        public void clear() {
        }
    }
}
