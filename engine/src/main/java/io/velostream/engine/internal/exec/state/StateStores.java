package io.velostream.engine.internal.exec.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The state stores of one job, driven by its commit protocol: {@link #flush()} at each commit,
 * {@link #committed()} once it succeeded, {@link #rollback()} when a batch is aborted and read again
 * or the commit failed. A job that runs as tasks keeps each
 * task's stores in a {@link #task() set of their own}, which the job's flush and rollback span and
 * which goes when the task closes (docs/scaling.md#tasks).
 */
public final class StateStores implements AutoCloseable {
    private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();
    private final List<StateStores> tasks = new ArrayList<>();

    public <S extends KeyValueStore<?, ?>> S register(S store) {
        stores.add(store);
        return store;
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
