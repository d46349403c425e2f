package io.velostream.engine.io;

import java.util.function.BiConsumer;

/** A durable log of key/value changes (a compacted topic): the latest value per key wins, null removes it. */
public interface ChangelogTopic {
    /** Appends a change; it is durable at the job's next commit (inside its transaction, if any). */
    void append(byte[] key, byte[] value);

    /** Every committed record from the start, oldest first. */
    void replay(BiConsumer<byte[], byte[]> record);
}
