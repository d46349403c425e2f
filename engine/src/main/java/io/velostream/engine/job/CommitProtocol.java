package io.velostream.engine.job;

import java.io.IOException;

/**
 * How a batch becomes durable — the one thing simple and transactional mode do differently
 * (docs/kafka.md#processing-modes). The job loop calls {@link #begin} before reading a batch, {@link #commit} once its
 * output was written, and {@link #abort} when anything in between failed.
 */
public interface CommitProtocol {
    /** Before the batch is read (decode errors may already send dead letters). */
    void begin() throws IOException;

    /**
     * The batch's output was written: make it, its dead letters, the state and the input's offsets
     * durable — now, or with later batches of the same commit interval.
     *
     * @param last the input has ended or the job is stopping: nothing may be left pending
     */
    void commit(Job job, Job.Input input, boolean last) throws IOException;

    /** The loop is over (inputs ended, or stopped between batches): commit whatever is still pending. */
    default void finish(Job job) throws IOException {
    }

    /** The job was asked to stop (called from another thread): stop waiting on anything that may wait forever. */
    default void stop() {
    }

    /**
     * The batch failed: undo what can be undone and rewind the input to its last commit (and any
     * other input whose batches were pending in the same commit).
     *
     * @return true when the input was rewound and the batch must be read again; false when the
     * input cannot go back and the records in hand are to be processed again
     */
    boolean abort(Job job, Job.Input input) throws IOException;
}
