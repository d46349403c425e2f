package io.velostream.engine.job;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of one job, written by its thread and readable from others (metrics, health).
 * Plain volatile longs: one writer, so no atomic read-modify-write is needed.
 */
public final class JobMetrics {
    volatile long recordsIn;
    volatile long recordsOut;
    volatile long recordErrors;
    volatile long batches;
    volatile long retries;
    volatile long lateRecords;
    volatile long tasks;
    volatile long rebalances;
    volatile long recordsRestored;
    /** Whether a task is restoring its stores now; the offsets of the changelog partitions it and the tasks opened with it restore, and the records restored of them. */
    volatile boolean restoring;
    volatile long restoreSize;
    volatile long restoreDone;
    /** Restore progress per store name, since the job started. */
    private final Map<String, StoreRestore> storeRestores = new ConcurrentHashMap<>();

    /** Changelog records restored into the stores of one name, and the offsets of the partitions restored (docs/operations.md#metrics). */
    public static final class StoreRestore {
        volatile long restored;
        volatile long toRestore;

        /** Records replayed so far, over every task and restart of the run. */
        public long restored() {
            return restored;
        }

        /** Offsets of the changelog partitions whose restore started: at least the records they restore. */
        public long toRestore() {
            return toRestore;
        }
    }

    /** The names of the job's stores, known when the job was assembled. */
    public Set<String> stores() {
        return storeRestores.keySet();
    }

    /** Restore progress of the stores named {@code store}. */
    public StoreRestore restore(String store) {
        return storeRestores.computeIfAbsent(store, s -> new StoreRestore());
    }

    /** The counters of a job's copies, one per processing thread (docs/scaling.md#threads), added up. */
    public static JobMetrics sum(List<JobMetrics> copies) {
        if (copies.size() == 1) {
            return copies.get(0);
        }
        JobMetrics sum = new JobMetrics();
        for (JobMetrics m : copies) {
            sum.recordsIn += m.recordsIn;
            sum.recordsOut += m.recordsOut;
            sum.recordErrors += m.recordErrors;
            sum.batches += m.batches;
            sum.retries += m.retries;
            sum.lateRecords += m.lateRecords;
            sum.tasks += m.tasks;
            sum.rebalances += m.rebalances;
            sum.recordsRestored += m.recordsRestored;
        }
        return sum;
    }

    /** Counts a record dropped because its window had closed (late.data.strategy = drop). */
    public void countLateRecord() {
        lateRecords++;
    }

    public long lateRecords() {
        return lateRecords;
    }

    /** Tasks open now: input partitions this instance runs the job for (docs/scaling.md#tasks); 0 when it runs no tasks. */
    public long tasks() {
        return tasks;
    }

    /** Changes of the partitions this instance's tasks run for: assignments and revocations of a rebalance, once. */
    public long rebalances() {
        return rebalances;
    }

    /** Changelog records replayed into state stores since the job started (restore progress). */
    public long recordsRestored() {
        return recordsRestored;
    }

    /**
     * Whether a task of the job is restoring its stores from its changelog now (docs/scaling.md#readiness): the
     * job's thread processes no record meanwhile.
     */
    public boolean restoring() {
        return restoring;
    }

    /** Records restored so far by the tasks opened at the last rebalance (the n of "n of m"). */
    public long restoreDone() {
        return restoreDone;
    }

    /**
     * Offsets of the changelog partitions the tasks opened at the last rebalance restore, as far as their
     * restores have started (the m of "n of m"); at least the records they restore.
     */
    public long restoreSize() {
        return restoreSize;
    }

    public long recordsIn() {
        return recordsIn;
    }

    public long recordsOut() {
        return recordsOut;
    }

    /** Records skipped (or failed) because they could not be read or processed. */
    public long recordErrors() {
        return recordErrors;
    }

    public long batches() {
        return batches;
    }

    public long retries() {
        return retries;
    }

    @Override
    public String toString() {
        return "in=" + recordsIn + " out=" + recordsOut + " errors=" + recordErrors + " batches=" + batches;
    }
}
