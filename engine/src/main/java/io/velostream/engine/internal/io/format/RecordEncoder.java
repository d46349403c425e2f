package io.velostream.engine.internal.io.format;

import io.velostream.engine.record.StreamRecord;

import java.io.IOException;

/**
 * Writes records to an output stream in one format, buffering internally. An encoder belongs to one
 * writer thread and never closes the stream it writes to: the stream's owner does.
 */
public interface RecordEncoder {
    void encode(StreamRecord record) throws IOException;

    /** Writes out the internal buffer and flushes the underlying stream. */
    void flush() throws IOException;
}
