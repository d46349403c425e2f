package io.velostream.engine.job;

import io.velostream.engine.io.kafka.KafkaTransaction;

import java.io.IOException;

/**
 * Exactly-once: each batch is one Kafka transaction holding the output, the dead letters, the
 * state changes and the input offsets. An abort discards all of them, rewinds the input to the
 * committed offsets and rolls the state back to the last commit, so the retried batch starts
 * from exactly what the transaction log says.
 */
public final class TransactionalCommit implements CommitProtocol {
    private final KafkaTransaction transaction;

    public TransactionalCommit(KafkaTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public void begin() throws IOException {
        transaction.begin();
    }

    @Override
    public void commit(Job job, Job.Input input) throws IOException {
        job.context().state().flush(); // the changelog records join the transaction before it commits
        transaction.commit(input.reader());
    }

    @Override
    public boolean abort(Job job, Job.Input input) throws IOException {
        transaction.abort();
        job.context().state().rollback();
        return input.reader().rewind();
    }
}
