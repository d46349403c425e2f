package io.velostream.engine.exec.join;

import io.velostream.engine.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.exec.state.KeyValueStore;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

/**
 * A materialized table: the latest row per key (§9). Keys are §6 key strings, so a table written
 * by CREATE TABLE … AS (keyed by its PRIMARY KEY or GROUP BY values) and one loaded from a file
 * by its primary-key columns are looked up the same way. Rows are immutable and replaced whole,
 * so an upsert is a put, never an in-place change. Rows whose key string is an integer's are also
 * indexed by that integer ({@link #get(long)}), so an INTEGER join key needs no key string.
 *
 * <p>Like all state it belongs to one job thread.
 */
public final class TableStore {
    private final String name;
    private final Schema schema;
    private final KeyValueStore<String, StreamRecord> rows;
    private final LongKeyIndex byLong = new LongKeyIndex();

    public TableStore(String name, Schema schema) {
        this(name, schema, new InMemoryKeyValueStore<>());
    }

    /** A table over a given store (a changelog-backed one). */
    public TableStore(String name, Schema schema, KeyValueStore<String, StreamRecord> rows) {
        this.name = name;
        this.schema = schema;
        this.rows = rows;
        if (rows.size() > 0) {
            rows.forEach(this::index);
        }
    }

    /**
     * A row that deletes its key (a Kafka tombstone): no values, or only NULLs. Key columns stay in
     * the value (§6), so a real row always has at least one non-NULL value.
     */
    public static boolean isTombstone(StreamRecord r) {
        for (int i = 0, n = r.width(); i < n; i++) {
            if (r.value(i) != null) {
                return false;
            }
        }
        return true;
    }

    public void upsert(String key, StreamRecord row) {
        rows.put(key, row);
        index(key, row);
    }

    public void delete(String key) {
        rows.remove(key);
        if (LongKeyIndex.isLongKey(key)) {
            byLong.remove(Long.parseLong(key));
        }
    }

    /** The current row of {@code key}, or null: a hash lookup. */
    public StreamRecord get(String key) {
        return rows.get(key);
    }

    /** The current row of the key string of {@code key} ({@code get(Long.toString(key))}), or null. */
    public StreamRecord get(long key) {
        return byLong.get(key);
    }

    private void index(String key, StreamRecord row) {
        if (LongKeyIndex.isLongKey(key)) {
            byLong.put(Long.parseLong(key), row);
        }
    }

    public int size() {
        return rows.size();
    }

    public Schema schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** The commit point of the underlying store. */
    public void flush() {
        rows.flush();
    }
}
