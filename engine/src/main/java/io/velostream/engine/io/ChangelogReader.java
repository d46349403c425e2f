package io.velostream.engine.io;

/**
 * A bounded reader of a changelog (a {@code kafka_table}'s compacted topic): read to the end it
 * saw when opening — the table as of then — and then followed for the changes made since.
 */
public interface ChangelogReader extends DataReader {
    /**
     * Called once {@link #read} has reported the end: from then on a read returns the changes that
     * have arrived, without waiting for any, and never reports an end.
     */
    void follow();
}
