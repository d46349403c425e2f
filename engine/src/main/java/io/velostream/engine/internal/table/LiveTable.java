package io.velostream.engine.internal.table;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.io.ChangelogReader;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded table that follows its changelog while the job runs (a {@code kafka_table}): before
 * each batch of the job's stream, {@link #catchUp} applies the upserts and tombstones that have
 * arrived, on the job's thread, so lookups need no locking. Table changes never emit; a stream
 * record sees the table as of when its batch is processed.
 */
public final class LiveTable implements AutoCloseable {
    private static final int BATCH = 4096;

    private final TableLoader loader;
    private final ChangelogReader changes;
    private final List<StreamRecord> batch = new ArrayList<>();

    /** @param changes read to its end into the table by {@code loader} already */
    public LiveTable(TableLoader loader, ChangelogReader changes) {
        this.loader = loader;
        this.changes = changes;
        changes.follow();
    }

    /** Applies the changes that have arrived, without waiting for any. */
    public void catchUp() {
        try {
            do { // a full batch may leave records of the same poll behind
                batch.clear();
                changes.read(batch, BATCH);
                loader.apply(batch);
            } while (batch.size() == BATCH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }

    /**
     * {@code next}, with every table of {@code tables} caught up before each batch: a chain, so the
     * job still finds {@code next}'s operators (its stores, gauges and tasks, docs/scaling.md#tasks).
     */
    public static Operator before(List<LiveTable> tables, Operator next) {
        LiveTable[] live = tables.toArray(new LiveTable[0]);
        Operator catchUp = (in, out) -> {
            for (LiveTable t : live) {
                t.catchUp();
            }
            out.addAll(in);
        };
        return Chain.of(List.of(catchUp, next));
    }

    @Override
    public void close() throws IOException {
        changes.close();
    }
}
