package io.velostream.engine.job;

import io.velostream.engine.io.DeadLetterQueue;

import java.io.IOException;

/**
 * At-least-once: send the state changes, flush the output and the dead letters, then commit the
 * input. A crash between the flush and the commit repeats the batch (and its state changes: a
 * restored GROUP BY then counts that batch twice); nothing is committed before its output is durable.
 */
public final class SimpleCommit implements CommitProtocol {
    public static final SimpleCommit INSTANCE = new SimpleCommit();

    private SimpleCommit() {
    }

    @Override
    public void begin() {
    }

    @Override
    public void commit(Job job, Job.Input input, boolean last) throws IOException {
        job.context().state().flush(); // changelog records go through the sink's producer: flushed with the output
        job.writer().flush();
        DeadLetterQueue dlq = job.context().deadLetters();
        if (dlq != null) {
            dlq.flush();
        }
        input.reader().commit();
    }

    @Override
    public boolean abort(Job job, Job.Input input) throws IOException {
        job.context().state().rollback();
        return input.reader().rewind();
    }
}
