package io.velostream.engine.job;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.kafka.KafkaTransaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Exactly-once: one Kafka transaction holds the output, the dead letters, the state changes and
 * the input offsets of every batch of a commit interval ({@code commit.interval}, as Kafka
 * Streams' exactly-once commits every 100 ms; 0: each batch on its own). An abort discards all of
 * them, rewinds every input with batches in it to its committed offsets and rolls the state back
 * to the last commit, so the batches are read again from exactly what the transaction log says.
 */
public final class TransactionalCommit implements CommitProtocol {
    private final KafkaTransaction transaction;
    private final long intervalNanos;
    /** The inputs whose batches are in the open transaction, in the order they joined it. */
    private final List<DataReader> pending = new ArrayList<>();
    private long openedAt;

    public TransactionalCommit(KafkaTransaction transaction, long intervalMillis) {
        this.transaction = transaction;
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    @Override
    public void begin() throws IOException {
        transaction.begin();
    }

    @Override
    public void commit(Job job, Job.Input input, boolean last) throws IOException {
        if (pending.isEmpty()) {
            openedAt = System.nanoTime();
        }
        if (!pending.contains(input.reader())) {
            pending.add(input.reader());
        }
        if (last || System.nanoTime() - openedAt >= intervalNanos) {
            commitPending(job);
        }
    }

    @Override
    public void finish(Job job) throws IOException {
        if (!pending.isEmpty()) {
            commitPending(job);
        }
    }

    private void commitPending(Job job) throws IOException {
        job.context().state().flush(); // the changelog records join the transaction before it commits
        transaction.commit(pending);
        pending.clear();
    }

    @Override
    public boolean abort(Job job, Job.Input input) throws IOException {
        transaction.abort();
        job.context().state().rollback();
        for (DataReader r : pending) {
            if (r != input.reader()) {
                r.rewind(); // its earlier batches of this transaction are read again on its next turn
            }
        }
        pending.clear();
        return input.reader().rewind();
    }
}
