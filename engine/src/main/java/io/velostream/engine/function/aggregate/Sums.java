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

    /** SUM(INTEGER): overflow of the 64-bit sum is a record error, as for + (docs/sql.md#types-literals-and-arithmetic). */
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
    /**
     * SUM(DECIMAL), exact. While every input is a compact decimal of one scale (money usually
     * is), the sum is a plain long of unscaled units; a different scale or an overflow moves it to
     * {@link Decimal} arithmetic for good.
     */
    static final class DecimalSum implements Accumulator {
        private long units;
        /** The scale of {@link #units}; -1 before the first input. */
        private int scale = -1;
        /** The sum once off the long path, else null. */
        private Decimal sum;
        private long count;

        @Override
        public void add(Object value) {
            if (value != null) {
                addUnits(decimal(value), 1);
                count++;
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                addUnits(decimal(value), -1);
                count--;
            }
        }

        private void addUnits(Decimal d, int sign) {
            if (sum == null && d.isCompact() && (scale == d.scale() || scale < 0)) {
                long u = sign > 0 ? d.unscaledCompact() : -d.unscaledCompact();
                long r = units + u;
                if (((units ^ r) & (u ^ r)) >= 0 && u != Long.MIN_VALUE) {
                    units = r;
                    scale = d.scale();
                    return;
                }
            }
            Decimal current = total();
            sum = sign > 0 ? current.add(d) : current.subtract(d);
        }

        private Decimal total() {
            if (sum != null) {
                return sum;
            }
            return scale < 0 ? Decimal.ZERO : Decimal.of(units, scale);
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
            return count == 0 ? null : total();
        }

        @Override
        public void merge(Accumulator other) {
            DecimalSum o = (DecimalSum) other;
            if (o.sum == null && o.scale >= 0) {
                addUnits(Decimal.of(o.units, o.scale), 1);
            } else if (o.sum != null) {
                addUnits(o.sum, 1);
            }
            count += o.count;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(count);
            StateCodec.writeValue(out, total());
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            count = in.readLong();
            sum = (Decimal) StateCodec.readValue(in);
            units = 0;
            scale = -1;
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
     * SUM of an input typed only at run time: one sub-sum per run-time type, combined with the
     * promotion INTEGER → DECIMAL → FLOAT (docs/sql.md#types-literals-and-arithmetic) when the result is asked for. So the result has
     * the widest type among the values currently in (a sliding frame narrows back when the last
     * DECIMAL leaves), and remove and merge stay exact. INTEGER values still sum in a long.
     */
    static final class AdaptiveSum implements Accumulator {
        private final LongSum longs = new LongSum();
        /** Created by the first DECIMAL, as most schemaless inputs hold one type. */
        private DecimalSum decimals;
        private FloatSum floats;

        @Override
        public void add(Object value) {
            if (value != null) {
                part(value).add(value);
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                part(value).remove(value);
            }
        }

        private Accumulator part(Object v) {
            if (v instanceof Long) {
                return longs;
            } else if (v instanceof Decimal) {
                return decimals();
            } else if (v instanceof Double) {
                return floats();
            }
            throw Numbers.notNumeric(v, "SUM");
        }

        private DecimalSum decimals() {
            if (decimals == null) {
                decimals = new DecimalSum();
            }
            return decimals;
        }

        private FloatSum floats() {
            if (floats == null) {
                floats = new FloatSum(false);
            }
            return floats;
        }

        @Override
        public Object result() {
            Object exact = longs.result();
            if (decimals != null && decimals.count > 0) {
                exact = exact == null ? decimals.total() : decimals.total().add(Decimal.valueOf(longs.sum));
            }
            if (floats != null && floats.count > 0) {
                double sum = (Double) floats.result();
                return exact == null ? sum : sum + ((Number) exact).doubleValue();
            }
            return exact;
        }

        @Override
        public void merge(Accumulator other) {
            AdaptiveSum o = (AdaptiveSum) other;
            longs.merge(o.longs);
            if (o.decimals != null) {
                decimals().merge(o.decimals);
            }
            if (o.floats != null) {
                floats().merge(o.floats);
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            longs.writeTo(out);
            writeOptional(out, decimals);
            writeOptional(out, floats);
        }

        private static void writeOptional(DataOutput out, Accumulator part) throws IOException {
            out.writeBoolean(part != null);
            if (part != null) {
                part.writeTo(out);
            }
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            longs.readFrom(in);
            decimals = in.readBoolean() ? decimals() : null;
            if (decimals != null) {
                decimals.readFrom(in);
            }
            floats = in.readBoolean() ? floats() : null;
            if (floats != null) {
                floats.readFrom(in);
            }
        }
    }
}
