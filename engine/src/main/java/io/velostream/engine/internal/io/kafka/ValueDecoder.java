package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.Schema;

/** Decodes Kafka message values into the slots of one schema. One per reader: decoders keep scratch state. */
interface ValueDecoder {
    /** A tombstone (null value) reads as a record whose columns are all NULL. */
    Object[] NO_VALUES = new Object[0];

    Schema schema();

    /**
     * @param value the message value; null for a tombstone
     * @return the values by slot, owned by the caller
     * @throws DecodeException when the value does not follow the format
     */
    Object[] decode(byte[] value) throws DecodeException;
}
