package io.velostream.engine.internal.table;

import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.util.List;

/**
 * The sink of CREATE TABLE … AS: upserts each record under its key ({@link StreamRecord#key()},
 * already the key string (docs/sql.md#output-key) of the PRIMARY KEY or GROUP BY values). A tombstone (no values or
 * only NULLs) deletes its key. A record without a key cannot be placed in a keyed table: it is
 * skipped and counted ({@link #skippedWithoutKey()}) rather than failing the job, because a CTAS
 * without a key is rejected at analysis and this only guards against a stray record.
 */
public final class TableWriter implements DataWriter {
    private final TableStore table;
    private long skippedWithoutKey;

    public TableWriter(TableStore table) {
        this.table = table;
    }

    @Override
    public void write(List<StreamRecord> batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            StreamRecord r = batch.get(i);
            Object key = r.key();
            if (key == null) {
                skippedWithoutKey++;
            } else if (TableStore.isTombstone(r)) {
                table.delete(Values.toKeyString(key));
            } else {
                table.upsert(Values.toKeyString(key), r);
            }
        }
    }

    /** Records skipped because they had no key. */
    public long skippedWithoutKey() {
        return skippedWithoutKey;
    }

    @Override
    public void flush() {
        table.flush();
    }

    @Override
    public void close() {
        // The table outlives the job that writes it: jobs reading it still join against it.
    }
}
