package io.velostream.engine.io;

import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.List;

/**
 * A sink for records, written a batch at a time by one job thread. The records are shared with
 * the rest of the pipeline: a writer reads them and never changes or copies them.
 */
public interface DataWriter extends AutoCloseable {
    void write(List<StreamRecord> batch) throws IOException;

    /** Makes everything written so far durable (or visible); the job commits its input only after this. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
