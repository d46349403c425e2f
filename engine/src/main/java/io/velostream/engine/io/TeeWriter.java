package io.velostream.engine.io;

import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.List;

/** Writes each batch to two writers: a CREATE TABLE's table and its sink. */
public final class TeeWriter implements DataWriter {
    private final DataWriter first;
    private final DataWriter second;

    public TeeWriter(DataWriter first, DataWriter second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(List<StreamRecord> batch) throws IOException {
        first.write(batch);
        second.write(batch);
    }

    @Override
    public void flush() throws IOException {
        first.flush();
        second.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            first.close();
        } finally {
            second.close();
        }
    }
}
