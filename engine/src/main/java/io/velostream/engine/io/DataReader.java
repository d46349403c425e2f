package io.velostream.engine.io;

import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.List;

/**
 * A source of records, read a batch at a time by one job thread.
 *
 * <p>End of input is explicit: a bounded source says so in the result of {@link #read}, so the
 * job never guesses from empty batches.
 */
public interface DataReader extends AutoCloseable {
    /** The fields of the records this reader produces; a schemaless format may add fields as it reads. */
    Schema schema();

    /**
     * Appends up to {@code max} records to {@code batch}. Records are handed over by reference and
     * are never changed afterwards. An unbounded source may return with none when nothing arrived
     * in its wait time. A record that cannot be decoded goes to the reader's
     * {@link io.velostream.engine.record.RecordErrorHandler} and is not added.
     *
     * @return false when the input has ended: no record will follow the ones added by this call
     */
    boolean read(List<StreamRecord> batch, int max) throws IOException;

    /**
     * True when this source ends by itself (a file, a bounded backfill): ORDER BY then sorts the
     * whole input and EMIT FINAL without a window emits at its end.
     */
    default boolean isBounded() {
        return false;
    }

    /**
     * True when a restarted job reads this source from its start again (a file), so no
     * {@link #commit()} of it needs the output flushed first; false when unsure.
     */
    default boolean restartsFromItsStart() {
        return false;
    }

    /** Marks every record returned so far as processed (commits offsets); a no-op for files. */
    default void commit() throws IOException {
    }

    /**
     * A batch failed: the next read starts again after the last {@link #commit()}, so the records
     * returned since are read again.
     *
     * @return false when this reader cannot go back (a file): the caller retries the records in hand
     */
    default boolean rewind() throws IOException {
        return false;
    }

    @Override
    void close() throws IOException;
}
