package io.velostream.engine.internal.exec.state;

import java.util.function.BiConsumer;

/** A store's durable log of changes: the latest record per key is the key's value (null: removed). */
public interface Changelog {
    /** Appends a change; it is durable at the job's next commit (inside its transaction, if any). */
    void append(byte[] key, byte[] value);

    /** Every record from the start, oldest first (only committed ones). */
    void replay(BiConsumer<byte[], byte[]> record);
}
