package io.velostream.engine.job;

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
