package io.velostream.engine.io;

import java.util.List;

/**
 * A writer that can write a record which leaves a job unchanged from the bytes it was read as,
 * instead of encoding it again (docs/kafka.md#raw-pass-through).
 */
public interface PassThroughSink extends DataWriter {
    /**
     * Called once, when a job whose records leave unchanged is compiled, with every endpoint it
     * reads. True when each one's records written as read are what encoding them would mean (same
     * format, compatible options): from then on, this writer writes a record's
     * {@linkplain io.velostream.engine.record.StreamRecord#origin original} parts as they are and
     * encodes the rest. False (and nothing changes) otherwise.
     */
    boolean writeOriginals(List<EndpointSpec> sources);
}
