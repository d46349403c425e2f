package io.velostream.engine.internal.table;

import io.velostream.engine.internal.exec.join.KeyStrings;
import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a {@link TableStore} from a source: a file with {@code 't.primary_key'} or a compacted
 * Kafka topic. The key of a row is the key string (docs/sql.md#output-key) of its primary-key columns (one column → its
 * key string, several → joined with {@code |}, a NULL part → the empty string), so it matches the
 * keys stream records look up. {@link #load} reads the source to its end before the jobs that
 * join against the table start; {@link #apply} applies later batches (a kafka_table keeps
 * updating while its job runs: {@link LiveTable}).
 *
 * <p>A tombstone (no values or only NULLs, as Kafka delivers a deleted key) carries no key
 * columns, so it deletes the key of the record itself ({@link StreamRecord#key()}); a tombstone
 * without a record key is ignored.
 */
public final class TableLoader {
    private static final Logger log = LoggerFactory.getLogger(TableLoader.class);
    static final int PROGRESS_EVERY = 100_000;
    private static final long PROGRESS_NANOS = 10_000_000_000L;
    private static final int BATCH = 4096;

    private final TableStore table;
    private final int[] keySlots;
    private final Object[] keyParts;
    private final KeyStrings keys = new KeyStrings();

    /** @param keySlots the slots of the primary-key columns, in key order */
    public TableLoader(TableStore table, int[] keySlots) {
        if (keySlots.length == 0) {
            throw new IllegalArgumentException("table '" + table.name() + "' needs at least one primary-key column");
        }
        this.table = table;
        this.keySlots = keySlots.clone();
        this.keyParts = new Object[keySlots.length];
    }

    /**
     * Reads {@code reader} until it reports the end of its input, logging progress every
     * {@value #PROGRESS_EVERY} rows or 10 s (a large topic, a slow broker) and at the end.
     *
     * @return the number of records read
     */
    public long load(DataReader reader) throws IOException {
        long start = System.nanoTime();
        long rows = 0;
        long nextReport = PROGRESS_EVERY;
        long nextReportTime = start + PROGRESS_NANOS;
        List<StreamRecord> batch = new ArrayList<>(BATCH);
        boolean more = true;
        while (more) {
            batch.clear();
            more = reader.read(batch, BATCH);
            apply(batch);
            rows += batch.size();
            long now = System.nanoTime();
            if (rows >= nextReport || now - nextReportTime >= 0) {
                log.info("table {}: {} rows read, {} keys", table.name(), rows, table.size());
                nextReport = (rows / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
                nextReportTime = now + PROGRESS_NANOS;
            }
        }
        log.info("table {} loaded: {} rows read, {} keys in {} ms", table.name(), rows, table.size(),
                (System.nanoTime() - start) / 1_000_000);
        return rows;
    }

    /** Upserts (or, for tombstones, deletes) each record of {@code batch} in order. */
    public void apply(List<StreamRecord> batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            StreamRecord r = batch.get(i);
            if (!TableStore.isTombstone(r)) {
                table.upsert(keyOf(r), r);
            } else if (r.key() != null) {
                table.delete(Values.toKeyString(r.key()));
            }
        }
    }

    /** The key string (docs/sql.md#output-key) of {@code r}'s primary-key columns. */
    public String keyOf(StreamRecord r) {
        for (int i = 0; i < keySlots.length; i++) {
            keyParts[i] = r.value(keySlots[i]);
        }
        return keys.of(keyParts);
    }
}
