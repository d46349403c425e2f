package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * PERCENTILE_CONT and MEDIAN: every input as a primitive double (8 bytes a value), sorted in
 * place when a result is asked for; PostgreSQL's linear interpolation between the two nearest
 * values.
 */
final class DoubleList implements Accumulator, LongInput, DoubleInput {
    private final String function;
    private final double fraction;
    private double[] values = new double[0];
    private int size;

    DoubleList(String function, double fraction) {
        this.function = function;
        this.fraction = fraction;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            addDouble(Numbers.toDouble(value, function));
        }
    }

    @Override
    public void addLong(long v) {
        addDouble(v);
    }

    @Override
    public void addDouble(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(8, size + (size >> 1)));
        }
        values[size++] = v;
    }

    @Override
    public Object result() {
        if (size == 0) {
            return null;
        }
        Arrays.sort(values, 0, size);
        double position = fraction * (size - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return values[lower] + (values[upper] - values[lower]) * (position - lower);
    }

    @Override
    public void merge(Accumulator other) {
        DoubleList o = (DoubleList) other;
        for (int i = 0; i < o.size; i++) {
            addDouble(o.values[i]);
        }
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
        }
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        size = in.readInt();
        values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = in.readDouble();
        }
    }
}
