package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The running state of one aggregate for one group. Not thread-safe: a group is updated by one
 * thread at a time.
 *
 * <p>NULL inputs are ignored (for two-argument aggregates, a row where either is NULL). A value
 * that cannot be aggregated (a string reaching SUM through a schemaless field, an INTEGER
 * overflow) is an {@link io.velostream.engine.record.ValueException}, a record error.
 *
 * <p>Numeric accumulators may also implement {@link LongInput} / {@link DoubleInput} so a
 * compiled operator can feed primitives without boxing.
 */
public interface Accumulator {
    /** What the operator passes per row for {@code COUNT(*)}: any non-null value counts one row. */
    Object ROW = Boolean.TRUE;

    /** Adds the value of one row (one-argument aggregates and {@code COUNT(*)}). */
    void add(Object value);

    /** Adds the pair of one row: {@code y} is the first SQL argument ({@code CORR(y, x)}). */
    default void add2(Object y, Object x) {
        throw new UnsupportedOperationException("this aggregate takes one argument");
    }

    /**
     * Takes back a value added earlier (sliding row frames).
     *
     * @throws UnsupportedOperationException unless {@link BoundAggregate#supportsRemove()}
     */
    default void remove(Object value) {
        throw new UnsupportedOperationException("this aggregate cannot remove input");
    }

    /** Takes back a pair added earlier; see {@link #remove}. */
    default void remove2(Object y, Object x) {
        throw new UnsupportedOperationException("this aggregate cannot remove input");
    }

    /**
     * The current result; may be called after every add (EMIT CHANGES). The returned value is
     * not changed by later calls.
     */
    Object result();

    /**
     * Adds the input of {@code other}, an accumulator of the same {@link BoundAggregate}, as if
     * its rows came after this one's (order matters only for FIRST_VALUE, LAST_VALUE,
     * STRING_AGG and COLLECT). {@code other} must not be used afterwards.
     */
    void merge(Accumulator other);

    /** Writes the state compactly (for a changelog); {@link #readFrom} reads it back. */
    void writeTo(DataOutput out) throws IOException;

    /**
     * Replaces this accumulator's state with one written by {@link #writeTo} of an accumulator of
     * the same {@link BoundAggregate}.
     */
    void readFrom(DataInput in) throws IOException;
}
