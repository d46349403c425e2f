package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A materialized table: the latest row per key (docs/joins.md). Keys are key strings (docs/sql.md#output-key), so a table written
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
    private KeyValueStore<String, StreamRecord> rows;
    private final Map<Integer, Map<String, Integer>> indexes = new HashMap<>();
    private LongKeyIndex byLong = new LongKeyIndex();

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
     * the value (docs/sql.md#output-key), so a real row always has at least one non-NULL value.
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
        StreamRecord old = indexes.isEmpty() ? null : rows.get(key);
        rows.put(key, row);
        index(key, row);
        reindex(old, row);
    }

    public void delete(String key) {
        StreamRecord old = rows.remove(key);
        if (LongKeyIndex.isLongKey(key)) {
            byLong.remove(Long.parseLong(key));
        }
        reindex(old, null);
    }

    /**
     * How many rows hold each value (as its key string, docs/sql.md#output-key) of the column at {@code slot}: built
     * once from the current rows, then kept up to date by every change, so {@code x IN (SELECT
     * col FROM t)} is a hash lookup, never a scan per record.
     */
    public Map<String, Integer> valueIndex(int slot) {
        return indexes.computeIfAbsent(slot, s -> {
            Map<String, Integer> index = new HashMap<>();
            rows.forEach((k, row) -> count(index, row.value(s), 1));
            return index;
        });
    }

    private void reindex(StreamRecord old, StreamRecord row) {
        indexes.forEach((slot, index) -> {
            if (old != null) {
                count(index, old.value(slot), -1);
            }
            if (row != null) {
                count(index, row.value(slot), 1);
            }
        });
    }

    private static void count(Map<String, Integer> index, Object value, int delta) {
        if (value != null) {
            index.merge(Values.toKeyString(value), delta, (a, b) -> a + b == 0 ? null : a + b);
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

    /**
     * Keeps the rows in the store {@code table} of {@code stores} (a changelog-backed one,
     * docs/kafka.md#state) from now on, restored from it; call before the first row is written.
     * The integer index and the value indexes follow the store, after a rollback too.
     */
    public void useStore(StoreProvider stores) {
        StoreBytes bytes = new StoreBytes();
        rows = stores.open("table", new StoreCodec<>() {
            @Override
            public String keyOf(StreamRecord row) {
                return Values.toKeyString(row.key());
            }

            @Override
            public byte[] key(String key) {
                return key.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] value(StreamRecord row) {
                return bytes.bytes(out -> StoreBytes.writeRecord(out, row, row.width()));
            }

            @Override
            public void restore(StreamRecord row, byte[] state) {
                // Rows are replaced whole, never changed in place.
            }

            @Override
            public StreamRecord decode(byte[] key, byte[] state) {
                return StoreBytes.read(state, in -> StoreBytes.readRecord(in, schema));
            }
        });
        reindexAll();
        rows.onRollback(this::reindexAll);
    }

    /** Builds the integer index and the value indexes from the rows again (in place: plans hold them). */
    private void reindexAll() {
        byLong = new LongKeyIndex();
        rows.forEach(this::index);
        indexes.forEach((slot, index) -> {
            index.clear();
            rows.forEach((k, row) -> count(index, row.value(slot), 1));
        });
    }

    /** The commit point of the underlying store. */
    public void flush() {
        rows.flush();
    }
}
