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

    /**
     * From now on, values need only be built for slots below {@code slots}; the others may read as
     * NULL (docs/kafka.md#lazy-decoding). A value must still fail as it did when it is malformed.
     * By default every slot is built: only JSON skips fields.
     */
    default void decodeOnly(int slots) {
    }
}
