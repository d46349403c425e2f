package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StoreInUseException;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.io.RetriableIOException;
import io.velostream.engine.record.StreamRecord;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs an input as tasks, one per input partition this instance is assigned (docs/scaling.md#tasks):
 * each task has a fresh operator chain and stores of its own, restored from the partition of the
 * same number of each store's changelog. A batch's records go to the tasks of their partitions, in
 * their order; a task sees only its partition's records, so its groups, windows and watermark are
 * its partition's.
 *
 * <p>Assignments and revocations come from the source inside its read (the rebalance) and are
 * applied at the start of the next batch, before its records: a task is opened, and its stores
 * restored, before it processes a record, and a revoked task is dropped. A revoked task's records
 * since the last commit are never committed by this instance (the source fails that read, the job
 * aborts and rolls back every task's stores), so dropping it loses nothing its next owner does not
 * read again. A partition whose records arrive before its assignment was reported (none for Kafka)
 * opens its task then.
 *
 * <p>A task may read several inputs: the two sides of a co-partitioned stream–stream join
 * (docs/scaling.md#co-partitioned-joins). The router is the first input's operator and {@link #side}
 * the later ones'; each sends its records to its own chain of the task of their partition. Only the
 * first input reports assignments: the others read the partitions it is assigned.
 */
final class TaskRouter implements Operator, PartitionedSource.AssignmentListener {
    /** Gives the stateful operators of a task's chain stores in {@code stores}, restored from changelog partition {@code partition}. */
    @FunctionalInterface
    interface TaskState {
        void open(Operator chain, StateStores stores, int partition);
    }

    private final Supplier<List<Operator>> plan;
    /** How each input's chain of a task gets its stores, by input. */
    private final TaskState[] state;
    private final StateStores jobStores;
    private final JobMetrics metrics;
    private final boolean tracksEventTime;
    /** The open task of each partition number, or null. */
    private Task[] byPartition = new Task[0];
    /** The open tasks in the order they were opened; replaced, never changed, as meters read it from other threads. */
    private volatile Task[] open = new Task[0];
    /** Assignment changes not applied yet: partition + 1 assigned, -(partition + 1) revoked. */
    private final List<Integer> changes = new ArrayList<>();

    /**
     * @param plan     a task's chains, one per input the task reads
     * @param template the first input's chain planned once, telling whether the tasks track event time
     * @param state    how each input's chain of a task gets its stores, in the order of {@code plan}'s chains
     */
    TaskRouter(Supplier<List<Operator>> plan, Operator template, List<TaskState> state, StateStores jobStores,
               JobMetrics metrics) {
        this.plan = plan;
        this.state = state.toArray(new TaskState[0]);
        this.jobStores = jobStores;
        this.metrics = metrics;
        this.tracksEventTime = Chain.flatten(template).stream().anyMatch(o -> o.watermark() != null);
    }

    @Override
    public void assigned(int partition) {
        changes.add(partition + 1);
    }

    @Override
    public void revoked(int partition) {
        changes.add(-(partition + 1));
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        process(0, in, out);
    }

    /** The operator of input {@code input} (from 1) of the tasks: its records go to that input's chain of each task. */
    Operator side(int input) {
        return new Side(input);
    }

    /** Whether {@code o} sends its records to tasks: a router, or an input of one ({@link #side}). */
    static boolean routes(Operator o) {
        return o instanceof TaskRouter || o instanceof Side;
    }

    private final class Side implements Operator {
        private final int input;

        Side(int input) {
            this.input = input;
        }

        @Override
        public void process(List<StreamRecord> in, List<StreamRecord> out) {
            TaskRouter.this.process(input, in, out);
        }

        @Override
        public void finish(List<StreamRecord> out) {
            TaskRouter.this.finish(input, out);
        }
    }

    private void process(int input, List<StreamRecord> in, List<StreamRecord> out) {
        if (!changes.isEmpty()) {
            applyChanges();
        }
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            task(r.partition()).in.add(r);
        }
        // Every task runs each batch, with its records or none, as a single chain would: time may close its windows.
        for (Task t : open) {
            t.chains[input].process(t.in, out);
            t.in.clear();
        }
    }

    /** In the order they came; a change that fails (a restore) stays to be applied again at the next batch. */
    private void applyChanges() {
        metrics.restoreSize = 0;
        metrics.restoreDone = 0;
        while (!changes.isEmpty()) {
            int change = changes.get(0);
            if (change > 0) {
                task(change - 1);
            } else {
                close(-change - 1);
            }
            changes.remove(0);
        }
        metrics.rebalances++;
    }

    /** The task of {@code partition}, opened (and restored) when there is none. */
    private Task task(int partition) {
        int p = Math.max(partition, 0); // NO_PARTITION: a source without partitions is one task
        if (p >= byPartition.length) {
            byPartition = Arrays.copyOf(byPartition, Math.max(p + 1, byPartition.length * 2));
        }
        Task t = byPartition[p];
        if (t == null) {
            t = byPartition[p] = open(p);
        }
        return t;
    }

    private Task open(int partition) {
        Operator[] chains = plan.get().toArray(new Operator[0]);
        StateStores stores = jobStores.task();
        metrics.restoring = true; // readiness is down meanwhile (docs/scaling.md#readiness)
        try {
            for (int i = 0; i < chains.length; i++) {
                state[i].open(chains[i], stores, partition);
            }
        } catch (RuntimeException e) {
            jobStores.close(stores);
            if (e.getCause() instanceof StoreInUseException inUse) { // passes once the other closes: the batch is retried
                throw new UncheckedIOException(new RetriableIOException(inUse.getMessage(), inUse));
            }
            throw e;
        } finally {
            metrics.restoring = false;
        }
        // In chain order, the first chain's operators first: a state query finds its store by its index in
        // the flattened chain. The sides share what follows a join: each operator once.
        Set<Operator> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Operator> operators = new ArrayList<>();
        for (Operator chain : chains) {
            for (Operator o : Chain.flatten(chain)) {
                if (seen.add(o)) {
                    operators.add(o);
                }
            }
        }
        Task t = new Task(partition, chains, operators.toArray(new Operator[0]), stores);
        Task[] tasks = Arrays.copyOf(open, open.length + 1);
        tasks[tasks.length - 1] = t;
        open = tasks;
        metrics.tasks++;
        return t;
    }

    private void close(int partition) {
        Task t = partition < byPartition.length ? byPartition[partition] : null;
        if (t != null) {
            byPartition[partition] = null;
            open = Arrays.stream(open).filter(o -> o != t).toArray(Task[]::new);
            jobStores.close(t.stores);
            metrics.tasks--;
        }
    }

    /** The flattened operators of the open task of {@code partition}, or null; from any thread. */
    Operator[] operators(int partition) {
        for (Task t : open) {
            if (t.partition == partition) {
                return t.operators;
            }
        }
        return null;
    }

    /** The partitions of the open tasks, in the order they were opened. */
    List<Integer> partitions() {
        return Arrays.stream(open).map(t -> t.partition).toList();
    }

    @Override
    public void finish(List<StreamRecord> out) {
        finish(0, out);
    }

    private void finish(int input, List<StreamRecord> out) {
        for (Task t : open) {
            t.chains[input].finish(out);
        }
    }

    @Override
    public long stateSize() {
        long size = 0;
        for (Task t : open) {
            for (Operator o : t.operators) {
                size += o.stateSize();
            }
        }
        return size;
    }

    /** Whether the tasks' chains track event time, so {@link #highestWatermark()} means something. */
    boolean tracksEventTime() {
        return tracksEventTime;
    }

    /** The highest watermark of the open tasks (each task's is its partition's), or {@code Long.MIN_VALUE} before any. */
    long highestWatermark() {
        long w = Long.MIN_VALUE;
        for (Task t : open) {
            for (Operator o : t.operators) {
                WatermarkTracker tracker = o.watermark();
                if (tracker != null) {
                    w = Math.max(w, tracker.last());
                }
            }
        }
        return w;
    }

    private static final class Task {
        final int partition;
        /** Its chain of each input. */
        final Operator[] chains;
        final Operator[] operators;
        final StateStores stores;
        final List<StreamRecord> in = new ArrayList<>();

        Task(int partition, Operator[] chains, Operator[] operators, StateStores stores) {
            this.partition = partition;
            this.chains = chains;
            this.operators = operators;
            this.stores = stores;
        }
    }
}
