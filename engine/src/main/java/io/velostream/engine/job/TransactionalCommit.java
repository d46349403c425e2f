package io.velostream.engine.job;

import io.velostream.engine.io.CommittableSource;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.TransactionalWriter;

import java.io.IOException;
import java.util.List;

/**
 * Exactly-once: one transaction of the sink holds the output, the dead letters, the state changes
 * and the input positions of every batch of a commit interval (as Kafka Streams' exactly-once
 * commits every 100 ms; docs/kafka.md). An abort discards all of them, rewinds every input with
 * batches in it to its committed positions and rolls the state back to the last commit, so the
 * batches are read again from exactly what the transaction log says.
 */
final class TransactionalCommit extends IntervalCommit {
    private final TransactionalWriter sink;
    private final List<CommittableSource> sources;
    private boolean open;

    /** @param sources the job's sources, each one {@code sink} {@linkplain TransactionalWriter#canCommit can commit} */
    TransactionalCommit(TransactionalWriter sink, List<CommittableSource> sources, long intervalMillis) {
        super(intervalMillis);
        this.sink = sink;
        this.sources = List.copyOf(sources);
    }

    @Override
    public void begin() throws IOException {
        if (open) {
            return; // an earlier attempt's transaction, still ours to use
        }
        sink.beginTransaction();
        open = true;
    }

    @Override
    void commitNow(Job job, List<DataReader> inputs) throws IOException {
        job.context().state().flush(); // the changelog records join the transaction before it commits
        for (CommittableSource source : sources) {
            if (inputs.contains(source)) {
                CommittableSource.PendingOffsets offsets = source.pendingOffsets();
                if (!offsets.isEmpty()) {
                    sink.sendOffsets(offsets);
                }
            }
        }
        sink.commitTransaction();
        open = false;
        job.context().state().committed();
        for (CommittableSource source : sources) {
            if (inputs.contains(source)) {
                source.committed();
            }
        }
    }

    /** A commit waiting out an outage gives up: the stop must not wait for the broker. */
    @Override
    public void stop() {
        sink.stopWaiting();
    }

    /** Aborts the open transaction, if any; called again after a failure (a timeout) until it returns. */
    @Override
    void discard() throws IOException {
        if (open) {
            sink.abortTransaction();
            open = false;
        }
    }
}
