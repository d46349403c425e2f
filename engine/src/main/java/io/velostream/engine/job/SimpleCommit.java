package io.velostream.engine.job;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DeadLetterQueue;

import java.io.IOException;
import java.util.List;

/**
 * At-least-once: at the end of each commit interval, send the state changes, flush the output and
 * the dead letters, then commit the inputs. A crash before the commit repeats the batches since
 * the last one (and their state changes: a restored GROUP BY then counts them twice); nothing is
 * committed before its output is durable.
 */
final class SimpleCommit extends IntervalCommit {
    SimpleCommit(long intervalMillis) {
        super(intervalMillis);
    }

    @Override
    public void begin() {
    }

    @Override
    void commitNow(Job job, List<DataReader> inputs) throws IOException {
        job.context().state().flush(); // changelog records go through the sink's producer: flushed with the output
        job.writer().flush();
        DeadLetterQueue dlq = job.context().deadLetters();
        if (dlq != null) {
            dlq.flush();
        }
        for (DataReader input : inputs) {
            input.commit();
        }
        job.context().state().committed();
    }
}
