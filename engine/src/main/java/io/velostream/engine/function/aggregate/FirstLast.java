package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** FIRST_VALUE / LAST_VALUE: the first or last non-null input in arrival order. */
final class FirstLast implements Accumulator {
    private final boolean last;
    private Object value;

    FirstLast(boolean last) {
        this.last = last;
    }

    @Override
    public void add(Object v) {
        if (v != null && (last || value == null)) {
            value = v;
        }
    }

    @Override
    public Object result() {
        return value;
    }

    @Override
    public void merge(Accumulator other) {
        add(((FirstLast) other).value);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        StateCodec.writeValue(out, value);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        value = StateCodec.readValue(in);
    }
}
