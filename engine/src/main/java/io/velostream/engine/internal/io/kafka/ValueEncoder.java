package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.record.StreamRecord;

import java.io.IOException;

/** Encodes a record into a Kafka message value. One per writer: encoders reuse one buffer. */
interface ValueEncoder {
    /** @return the value bytes, or null to write a tombstone */
    byte[] encode(StreamRecord record) throws IOException;
}
