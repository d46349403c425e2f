package io.velostream.engine.internal.exec.state;

import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * An operator whose state can be read by key from outside the job, as it was at the last commit
 * (docs/scaling.md#interactive-queries). Called on the job's thread, between batches.
 */
public interface QueryableState {
    /** The SQL types of the key's parts (a GROUP BY's values). */
    List<SqlType> keyTypes();

    /** Which part of a key is its records' record key, so where Kafka put them; -1: the whole key's key string. */
    int recordKeyPart();

    /** The result of the state of {@code key} at the last commit, before the operators after this one; null when none. */
    StreamRecord committed(Object[] key);

    /** Whether {@link #committedRange} works: the store orders its keys. */
    boolean ordered();

    /** The committed results of the keys from {@code from} to {@code to} (null: open), in the store's key order. */
    void committedRange(Object[] from, Object[] to, Consumer<StreamRecord> result);
}
