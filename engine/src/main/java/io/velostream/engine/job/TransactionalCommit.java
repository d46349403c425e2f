package io.velostream.engine.job;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.kafka.KafkaTransaction;

import java.io.IOException;
import java.util.List;

/**
 * Exactly-once: one Kafka transaction holds the output, the dead letters, the state changes and
 * the input offsets of every batch of a commit interval (as Kafka Streams' exactly-once commits
 * every 100 ms). An abort discards all of them, rewinds every input with batches in it to its
 * committed offsets and rolls the state back to the last commit, so the batches are read again
 * from exactly what the transaction log says.
 */
public final class TransactionalCommit extends IntervalCommit {
    private final KafkaTransaction transaction;

    public TransactionalCommit(KafkaTransaction transaction, long intervalMillis) {
        super(intervalMillis);
        this.transaction = transaction;
    }

    @Override
    public void begin() throws IOException {
        transaction.begin();
    }

    @Override
    void commitNow(Job job, List<DataReader> inputs) throws IOException {
        job.context().state().flush(); // the changelog records join the transaction before it commits
        transaction.commit(inputs);
    }

    @Override
    void discard() throws IOException {
        transaction.abort();
    }
}
