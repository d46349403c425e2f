package io.velostream.engine.io;

/**
 * A source whose read positions a {@link TransactionalWriter} can commit together with its
 * output, in one transaction (exactly-once, docs/kafka.md).
 */
public interface CommittableSource extends DataReader {
    /**
     * The positions after the records returned since the last commit, as the transactional
     * writer of the same connector understands them; empty when nothing was returned.
     */
    PendingOffsets pendingOffsets();

    /** The offsets last returned by {@link #pendingOffsets()} were committed (in a transaction). */
    void committed();

    /** Positions to commit: opaque outside the connector that made them. */
    interface PendingOffsets {
        boolean isEmpty();
    }
}
