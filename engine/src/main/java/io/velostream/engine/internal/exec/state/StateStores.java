package io.velostream.engine.internal.exec.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * The state stores of one job, driven by its commit protocol: {@link #flush()} at each commit,
 * {@link #committed()} once it succeeded, {@link #rollback()} when a batch is aborted and read again
 * or the commit failed. A job that runs as tasks keeps each
 * task's stores in a {@link #task() set of their own}, which the job's flush and rollback span and
 * which goes when the task closes (docs/scaling.md#tasks). Meters read the stores' {@link StoreStats} from other
 * threads, so the lists are copied on write (tasks open and close at rebalances only).
 */
public final class StateStores implements AutoCloseable {
    private final List<KeyValueStore<?, ?>> stores = new CopyOnWriteArrayList<>();
    /** The name of each store of {@link #stores}, or null. */
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final List<StateStores> tasks = new CopyOnWriteArrayList<>();

    public <S extends KeyValueStore<?, ?>> S register(S store) {
        return register(null, store);
    }

    /** @param name the store's name within the job ({@code groups}), for its meters */
    public <S extends KeyValueStore<?, ?>> S register(String name, S store) {
        stores.add(store);
        names.add(name);
        return store;
    }

    /**
     * {@code stat} summed over the stores named {@code name} here and in the open tasks, those without the figure
     * (-1) left out; -1 when none has it. From any thread.
     */
    public long sum(String name, ToLongFunction<StoreStats> stat) {
        long sum = -1;
        for (int i = 0; i < stores.size(); i++) {
            StoreStats stats = name.equals(names.get(i)) ? stores.get(i).stats() : null;
            long v = stats == null ? -1 : stat.applyAsLong(stats);
            if (v >= 0) {
                sum = Math.max(sum, 0) + v;
            }
        }
        for (StateStores task : tasks) {
            long v = task.sum(name, stat);
            if (v >= 0) {
                sum = Math.max(sum, 0) + v;
            }
        }
        return sum;
    }

    /** The stores of a new task, flushed and rolled back with these until {@link #close closed}. */
    public StateStores task() {
        StateStores task = new StateStores();
        tasks.add(task);
        return task;
    }

    /** The task is closed: its stores are no longer flushed or rolled back (what they hold is dropped). */
    public void close(StateStores task) {
        tasks.remove(task);
        task.close();
    }

    /** The job ends: every store is closed (a persistent store's files are released for the next run). */
    @Override
    public void close() {
        for (int i = 0, n = stores.size(); i < n; i++) {
            stores.get(i).close();
        }
        for (int i = 0, n = tasks.size(); i < n; i++) {
            tasks.get(i).close();
        }
    }

    public void flush() {
        for (int i = 0, n = stores.size(); i < n; i++) {
            stores.get(i).flush();
        }
        for (int i = 0, n = tasks.size(); i < n; i++) {
            tasks.get(i).flush();
        }
    }

    public void committed() {
        for (int i = 0, n = stores.size(); i < n; i++) {
            stores.get(i).committed();
        }
        for (int i = 0, n = tasks.size(); i < n; i++) {
            tasks.get(i).committed();
        }
    }

    public void rollback() {
        for (int i = 0, n = stores.size(); i < n; i++) {
            stores.get(i).rollback();
        }
        for (int i = 0, n = tasks.size(); i < n; i++) {
            tasks.get(i).rollback();
        }
    }
}
