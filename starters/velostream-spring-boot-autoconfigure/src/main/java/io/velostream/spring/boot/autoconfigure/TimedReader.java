package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Times each non-empty batch from the moment it was read until its input was committed (process,
 * write, flush, commit), so batch processing time is measured per batch around the job's loop,
 * not inside it.
 */
final class TimedReader implements DataReader {
    private final DataReader delegate;
    private final LongConsumer batchNanos;
    private long readAt = -1;

    TimedReader(DataReader delegate, LongConsumer batchNanos) {
        this.delegate = delegate;
        this.batchNanos = batchNanos;
    }

    @Override
    public Schema schema() {
        return delegate.schema();
    }

    @Override
    public boolean read(List<StreamRecord> batch, int max) throws IOException {
        int before = batch.size();
        boolean more = delegate.read(batch, max);
        readAt = batch.size() > before ? System.nanoTime() : -1;
        return more;
    }

    @Override
    public boolean isBounded() {
        return delegate.isBounded();
    }

    @Override
    public void commit() throws IOException {
        delegate.commit();
        if (readAt >= 0) {
            batchNanos.accept(System.nanoTime() - readAt);
            readAt = -1;
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
