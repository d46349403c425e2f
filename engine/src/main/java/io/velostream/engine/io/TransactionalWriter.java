package io.velostream.engine.io;

import java.io.IOException;

/**
 * A writer whose output, dead letters, changelog records and the positions of its job's
 * {@link CommittableSource}s commit or abort together (transactional mode, docs/kafka.md).
 */
public interface TransactionalWriter extends DataWriter {
    void beginTransaction() throws IOException;

    /**
     * Adds a source's positions to the open transaction.
     *
     * @throws IllegalArgumentException when they come from a source this writer cannot commit
     */
    void sendOffsets(CommittableSource.PendingOffsets offsets) throws IOException;

    /** Commits; a send that failed makes this throw, and the transaction must then be aborted. */
    void commitTransaction() throws IOException;

    void abortTransaction() throws IOException;

    /**
     * The job is stopping (called from another thread): a {@link #commitTransaction} that waits out a
     * transient failure gives up and throws instead of waiting on.
     */
    default void stopWaiting() {
    }

    /** Whether {@code source}'s positions can be part of this writer's transactions. */
    boolean canCommit(CommittableSource source);
}
