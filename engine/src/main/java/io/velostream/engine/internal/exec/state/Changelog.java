package io.velostream.engine.internal.exec.state;

import java.util.function.BiConsumer;

/** A store's durable log of changes: the latest record per key is the key's value (null: removed). */
public interface Changelog {
    /** Appends a change; it is durable at the job's next commit (inside its transaction, if any). */
    void append(byte[] key, byte[] value);

    /**
     * Every committed record from offset {@code from} on (0: from the start), oldest first.
     *
     * @return the offset the replay ended at, or -1 (nothing replayed) when {@code from} is outside the log:
     *         a local copy that holds the log up to {@code from} is stale
     */
    long replay(long from, BiConsumer<byte[], byte[]> record);

    /** The offset after the last record appended that is acknowledged, or -1 when none was: read after a commit. */
    long written();
}
