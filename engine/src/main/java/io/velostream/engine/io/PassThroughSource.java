package io.velostream.engine.io;

/**
 * A reader whose records can carry what they were read from
 * ({@link io.velostream.engine.record.StreamRecord#origin}), for a {@link PassThroughSink} that
 * writes the unchanged ones as they were read (docs/kafka.md#raw-pass-through).
 */
public interface PassThroughSource extends DataReader {
    /**
     * From now on, records carry their origin, and only the values of slots below {@code slotsRead}
     * need to be decoded (docs/kafka.md#lazy-decoding); called once, when the job is compiled.
     */
    void keepOriginals(int slotsRead);
}
