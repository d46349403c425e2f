package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * SUM keeps its input type (INTEGER in a long, DECIMAL exact, FLOAT in a compensated double);
 * AVG is the FLOAT sum divided by the count. All count their inputs so that a sum over no
 * (remaining) input is NULL.
 */
final class Sums {
    private Sums() {
    }

    /** The SUM accumulator for a static input type; ANY/NULL adapt to the run-time values. */
    static Accumulator sum(SqlType type) {
        return switch (type) {
            case INTEGER -> new LongSum();
            case DECIMAL -> new DecimalSum();
            case FLOAT -> new FloatSum(false);
            default -> new AdaptiveSum();
        };
    }

    static Accumulator avg() {
        return new FloatSum(true);
    }

    /** SUM(INTEGER): overflow of the 64-bit sum is a record error, as for + (§3). */
    static final class LongSum implements Accumulator, LongInput {
        private long sum;
        private long count;

        @Override
        public void add(Object value) {
            if (value != null) {
                addLong(Numbers.toLong(value, "SUM"));
            }
        }

        @Override
        public void addLong(long v) {
            sum = exact(sum, v);
            count++;
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                sum = exact(sum, -Numbers.toLong(value, "SUM"));
                count--;
            }
        }

        private static long exact(long a, long b) {
            try {
                return Math.addExact(a, b);
            } catch (ArithmeticException e) {
                throw new ValueException("SUM overflows INTEGER: " + a + " + " + b);
            }
        }

        @Override
        public Object result() {
            return count == 0 ? null : (Object) sum;
        }

        @Override
        public void merge(Accumulator other) {
            LongSum o = (LongSum) other;
            sum = exact(sum, o.sum);
            count += o.count;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(count);
            out.writeLong(sum);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            count = in.readLong();
            sum = in.readLong();
        }
    }

    /** SUM(DECIMAL): exact; {@link Decimal} stays on its long fast path while the sum fits. */
    static final class DecimalSum implements Accumulator {
        private Decimal sum = Decimal.ZERO;
        private long count;

        DecimalSum() {
        }

        DecimalSum(Decimal sum, long count) {
            this.sum = sum;
            this.count = count;
        }

        @Override
        public void add(Object value) {
            if (value != null) {
                sum = sum.add(decimal(value));
                count++;
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                sum = sum.subtract(decimal(value));
                count--;
            }
        }

        private static Decimal decimal(Object v) {
            if (v instanceof Decimal d) {
                return d;
            } else if (v instanceof Long l) {
                return Decimal.valueOf(l);
            }
            throw new ValueException("SUM expected a DECIMAL, got " + v);
        }

        @Override
        public Object result() {
            return count == 0 ? null : sum;
        }

        @Override
        public void merge(Accumulator other) {
            DecimalSum o = (DecimalSum) other;
            sum = sum.add(o.sum);
            count += o.count;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(count);
            StateCodec.writeValue(out, sum);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            count = in.readLong();
            sum = (Decimal) StateCodec.readValue(in);
        }
    }

    /**
     * SUM(FLOAT) and AVG: a Neumaier-compensated double sum, so long runs and removals do not
     * drift; AVG divides by the count.
     */
    static final class FloatSum implements Accumulator, LongInput, DoubleInput {
        private final boolean average;
        private double sum;
        private double compensation;
        private long count;

        FloatSum(boolean average) {
            this.average = average;
        }

        FloatSum(double sum, long count) {
            this(false);
            this.sum = sum;
            this.count = count;
        }

        private String name() {
            return average ? "AVG" : "SUM";
        }

        @Override
        public void add(Object value) {
            if (value != null) {
                addDouble(Numbers.toDouble(value, name()));
            }
        }

        @Override
        public void addLong(long v) {
            addDouble(v);
        }

        @Override
        public void addDouble(double v) {
            accumulate(v);
            count++;
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                accumulate(-Numbers.toDouble(value, name()));
                if (--count == 0) {
                    sum = 0; // no rounding residue left behind for the next input
                    compensation = 0;
                }
            }
        }

        private void accumulate(double v) {
            double t = sum + v;
            compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            double total = sum + compensation;
            if (Double.isNaN(total) && Double.isInfinite(sum)) {
                total = sum; // the compensation of an infinite sum is NaN
            }
            return average ? total / count : total;
        }

        @Override
        public void merge(Accumulator other) {
            FloatSum o = (FloatSum) other;
            accumulate(o.sum);
            accumulate(o.compensation);
            count += o.count;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(count);
            out.writeDouble(sum);
            out.writeDouble(compensation);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            count = in.readLong();
            sum = in.readDouble();
            compensation = in.readDouble();
        }
    }

    /**
     * SUM of an input typed only at run time: starts with the type of the first value and
     * promotes INTEGER → DECIMAL → FLOAT when a wider value arrives (§3). It never narrows back.
     */
    static final class AdaptiveSum implements Accumulator {
        /** Null before the first value; else a LongSum, DecimalSum or FloatSum. */
        private Accumulator delegate;

        @Override
        public void add(Object value) {
            if (value != null) {
                widenTo(rank(value));
                delegate.add(value);
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                widenTo(rank(value));
                delegate.remove(value);
            }
        }

        private static int rank(Object v) {
            if (v instanceof Long) {
                return 1;
            } else if (v instanceof Decimal) {
                return 2;
            } else if (v instanceof Double) {
                return 3;
            }
            throw Numbers.notNumeric(v, "SUM");
        }

        private static int rank(Accumulator a) {
            return a == null ? 0 : a instanceof LongSum ? 1 : a instanceof DecimalSum ? 2 : 3;
        }

        private void widenTo(int rank) {
            if (rank <= rank(delegate)) {
                return;
            }
            long count = 0;
            Number sum = 0L;
            if (delegate instanceof LongSum l) {
                count = l.count;
                sum = l.sum;
            } else if (delegate instanceof DecimalSum d) {
                count = d.count;
                sum = d.sum;
            }
            delegate = switch (rank) {
                case 1 -> new LongSum();
                case 2 -> new DecimalSum(sum instanceof Long l ? Decimal.valueOf(l) : (Decimal) sum, count);
                default -> new FloatSum(sum.doubleValue(), count);
            };
        }

        @Override
        public Object result() {
            return delegate == null ? null : delegate.result();
        }

        @Override
        public void merge(Accumulator other) {
            AdaptiveSum o = (AdaptiveSum) other;
            if (o.delegate != null) {
                widenTo(rank(o.delegate));
                o.widenTo(rank(delegate));
                delegate.merge(o.delegate);
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(rank(delegate));
            if (delegate != null) {
                delegate.writeTo(out);
            }
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            int rank = in.readByte();
            delegate = null;
            widenTo(rank);
            if (delegate != null) {
                delegate.readFrom(in);
            }
        }
    }
}
