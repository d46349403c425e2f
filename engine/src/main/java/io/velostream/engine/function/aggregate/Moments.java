package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Variance and standard deviation from Welford's running mean and sum of squared deviations:
 * stable for large values with small spread, invertible for sliding frames, and mergeable
 * (Chan et al.).
 */
final class Moments implements Accumulator, LongInput, DoubleInput {
    enum Output {
        VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP
    }

    private final Output output;
    private long n;
    private double mean;
    /** Sum of squared deviations from the mean. */
    private double m2;

    Moments(Output output) {
        this.output = output;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            addDouble(Numbers.toDouble(value, output.name()));
        }
    }

    @Override
    public void addLong(long v) {
        addDouble(v);
    }

    @Override
    public void addDouble(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
    }

    @Override
    public void remove(Object value) {
        if (value == null) {
            return;
        }
        double x = Numbers.toDouble(value, output.name());
        if (--n == 0) {
            mean = 0;
            m2 = 0;
            return;
        }
        double d = x - mean;
        mean -= d / n;
        m2 = Math.max(0, m2 - d * (x - mean)); // rounding must not make it negative
    }

    @Override
    public Object result() {
        long divisor = output == Output.VAR_POP || output == Output.STDDEV_POP ? n : n - 1;
        if (divisor <= 0) {
            return null;
        }
        double variance = m2 / divisor;
        return output == Output.STDDEV_SAMP || output == Output.STDDEV_POP ? Math.sqrt(variance) : variance;
    }

    @Override
    public void merge(Accumulator other) {
        Moments o = (Moments) other;
        if (o.n == 0) {
            return;
        }
        long total = n + o.n;
        double delta = o.mean - mean;
        mean += delta * o.n / total;
        m2 += o.m2 + delta * delta * ((double) n * o.n / total);
        n = total;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeDouble(mean);
        out.writeDouble(m2);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        n = in.readLong();
        mean = in.readDouble();
        m2 = in.readDouble();
    }
}
