package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** COUNT(*) and COUNT(x): non-null inputs (COUNT(*) gets {@link Accumulator#ROW} per row). */
final class Count implements Accumulator, LongInput, DoubleInput {
    private long count;

    @Override
    public void add(Object value) {
        if (value != null) {
            count++;
        }
    }

    @Override
    public void addLong(long v) {
        count++;
    }

    @Override
    public void addDouble(double v) {
        count++;
    }

    @Override
    public void remove(Object value) {
        if (value != null) {
            count--;
        }
    }

    @Override
    public Object result() {
        return count;
    }

    @Override
    public void merge(Accumulator other) {
        count += ((Count) other).count;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        count = in.readLong();
    }
}
