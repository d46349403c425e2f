package io.velostream.engine.io;

import io.velostream.engine.record.SourcePosition;

import java.util.List;

/**
 * A source that can hand back a record as it was read, by its position, while the record is in
 * the batch being processed: a dead-letter queue then sends the original bytes, not a re-encoding.
 */
public interface OriginalRecords {
    /** The record at {@code position} as read, or null when this source did not read it or no longer holds it. */
    Original original(SourcePosition position);

    /**
     * A record as read.
     *
     * @param timestamp the record's own timestamp, negative when it has none
     */
    record Original(SourcePosition position, byte[] key, byte[] value, long timestamp, List<OriginalHeader> headers) {
    }

    /** A header as read: a key may repeat, a value may be null. */
    record OriginalHeader(String key, byte[] value) {
    }
}
