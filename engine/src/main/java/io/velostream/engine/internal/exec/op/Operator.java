package io.velostream.engine.internal.exec.op;

import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.record.StreamRecord;

import java.util.List;

/**
 * One step of a compiled query. It runs on the job's thread, a batch at a time, and passes
 * records on by reference.
 */
public interface Operator {
    /** Processes a batch, appending what it emits to {@code out}. */
    void process(List<StreamRecord> in, List<StreamRecord> out);

    /** Bounded input has ended: emit what was held back (sorted rows, final results). */
    default void finish(List<StreamRecord> out) {
    }

    /** True when no further input can change the output (a LIMIT is reached): the job may stop reading. */
    default boolean done() {
        return false;
    }

    /**
     * Entries of state this operator holds now (groups, open windows, buffered rows), for a
     * gauge; read on the job's thread between batches.
     */
    default long stateSize() {
        return 0;
    }

    /** The event-time watermark this operator tracks, or null when it tracks none. */
    default WatermarkTracker watermark() {
        return null;
    }
}
