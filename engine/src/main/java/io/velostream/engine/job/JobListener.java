package io.velostream.engine.job;

import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.StreamRecord;

import java.util.List;

/**
 * What a service observes of a running job, called on the job's thread: the engine's seam for
 * metrics, so the engine needs no metrics library (the Spring Boot starter implements it with
 * Micrometer). Calls happen once per batch or per record error, never per record; an
 * implementation must be cheap and must not keep the lists it is given.
 */
public interface JobListener {
    JobListener NONE = new JobListener() {
    };

    /**
     * A batch with records in or out was committed.
     *
     * @param input the source it was read from and its operators
     * @param in    the records read (the last read, when the batch was retried)
     * @param out   the records written
     * @param nanos from reading the batch to its commit
     */
    default void batchCommitted(Job.Input input, List<StreamRecord> in, List<StreamRecord> out, long nanos) {
    }

    /**
     * A task is restoring its stores from its changelog (docs/scaling.md#readiness): reported when the restore of
     * a changelog partition starts, then every {@value StoreChangelogs#RESTORE_REPORT_EVERY} records restored.
     *
     * @param restored records restored by the tasks opened at this rebalance
     * @param of       offsets of their changelog partitions whose restore has started
     */
    default void restoring(long restored, long of) {
    }

    /** A record error met the failure strategy; {@code deadLettered} when it was sent to the dead-letter queue. */
    default void recordError(RecordError error, boolean deadLettered) {
    }
}
