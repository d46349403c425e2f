package io.velostream.engine.io.memory;

import io.velostream.engine.io.DataWriter;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects written records by reference, for tests and benchmarks. */
public final class MemoryWriter implements DataWriter {
    private final List<StreamRecord> records = new ArrayList<>();
    private int flushes;
    private boolean closed;

    @Override
    public void write(List<StreamRecord> batch) {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        records.addAll(batch);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The records written so far, in order, the very instances passed to {@link #write}. */
    public List<StreamRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** How often {@link #flush} was called: lets a job test check it flushes before committing. */
    public int flushes() {
        return flushes;
    }

    public boolean isClosed() {
        return closed;
    }
}
