package io.velostream.engine.io.memory;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A bounded reader over records held in memory, for tests and benchmarks: it hands out the very
 * same instances it was given. Given batch-wise, each {@link #read} takes records from one given
 * batch only, so a test controls the batch boundaries the job sees.
 */
public final class MemoryReader implements DataReader {
    private final Schema schema;
    private final Iterator<? extends Iterable<StreamRecord>> batches;
    private Iterator<StreamRecord> current = Collections.emptyIterator();
    private final boolean batchWise;

    private MemoryReader(Schema schema, Iterator<? extends Iterable<StreamRecord>> batches, boolean batchWise) {
        this.schema = schema;
        this.batches = batches;
        this.batchWise = batchWise;
    }

    /** Reads {@code records}; the schema is the first record's (an empty schema when there is none). */
    public MemoryReader(List<StreamRecord> records) {
        this(records.isEmpty() ? Schema.of() : records.get(0).schema(), records.iterator());
    }

    public MemoryReader(Schema schema, Iterator<StreamRecord> records) {
        this(schema, List.<Iterable<StreamRecord>>of(() -> records).iterator(), false);
    }

    /** Each {@link #read} returns records of one batch (at most {@code max} of it). */
    public static MemoryReader ofBatches(Schema schema, List<List<StreamRecord>> batches) {
        return new MemoryReader(schema, batches.iterator(), true);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean read(List<StreamRecord> batch, int max) {
        int added = 0;
        while (added < max) {
            if (current.hasNext()) {
                batch.add(current.next());
                added++;
            } else if (batchWise && added > 0 || !batches.hasNext()) {
                break;
            } else {
                current = batches.next().iterator();
            }
        }
        return hasMore();
    }

    private boolean hasMore() {
        while (!current.hasNext()) {
            if (!batches.hasNext()) {
                return false;
            }
            current = batches.next().iterator();
        }
        return true;
    }

    @Override
    public boolean isBounded() {
        return true;
    }

    @Override
    public void close() {
    }
}
