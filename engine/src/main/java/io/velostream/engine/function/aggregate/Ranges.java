package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * MIN, MAX and DELTA (= MAX − MIN) share one state, the smallest and largest input. INTEGER and
 * FLOAT inputs keep primitives; any other (or unknown) type keeps values ordered by
 * {@link Values#compare}.
 */
final class Ranges {
    private Ranges() {
    }

    enum Output {
        MIN, MAX, DELTA
    }

    static Accumulator of(Output output, SqlType type) {
        return switch (type) {
            case INTEGER -> new LongRange(output);
            case FLOAT -> new DoubleRange(output);
            default -> new ObjectRange(output);
        };
    }

    static final class LongRange implements Accumulator, LongInput {
        private final Output output;
        private boolean seen;
        private long min;
        private long max;

        LongRange(Output output) {
            this.output = output;
        }

        @Override
        public void add(Object value) {
            if (value != null) {
                addLong(Numbers.toLong(value, output.name()));
            }
        }

        @Override
        public void addLong(long v) {
            if (!seen) {
                seen = true;
                min = v;
                max = v;
            } else if (v < min) {
                min = v;
            } else if (v > max) {
                max = v;
            }
        }

        @Override
        public Object result() {
            if (!seen) {
                return null;
            }
            return switch (output) {
                case MIN -> min;
                case MAX -> max;
                case DELTA -> {
                    try {
                        yield Math.subtractExact(max, min);
                    } catch (ArithmeticException e) {
                        throw new ValueException("DELTA overflows INTEGER: " + max + " - " + min);
                    }
                }
            };
        }

        @Override
        public void merge(Accumulator other) {
            LongRange o = (LongRange) other;
            if (o.seen) {
                addLong(o.min);
                addLong(o.max);
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeBoolean(seen);
            out.writeLong(min);
            out.writeLong(max);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            seen = in.readBoolean();
            min = in.readLong();
            max = in.readLong();
        }
    }

    /** FLOAT range; NaN orders above every number, as {@link Double#compare} (and Values.compare). */
    static final class DoubleRange implements Accumulator, LongInput, DoubleInput {
        private final Output output;
        private boolean seen;
        private double min;
        private double max;

        DoubleRange(Output output) {
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
        public void addDouble(double v) {
            if (!seen) {
                seen = true;
                min = v;
                max = v;
            } else if (Double.compare(v, min) < 0) {
                min = v;
            } else if (Double.compare(v, max) > 0) {
                max = v;
            }
        }

        @Override
        public Object result() {
            if (!seen) {
                return null;
            }
            return switch (output) {
                case MIN -> min;
                case MAX -> max;
                case DELTA -> max - min;
            };
        }

        @Override
        public void merge(Accumulator other) {
            DoubleRange o = (DoubleRange) other;
            if (o.seen) {
                addDouble(o.min);
                addDouble(o.max);
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeBoolean(seen);
            out.writeDouble(min);
            out.writeDouble(max);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            seen = in.readBoolean();
            min = in.readDouble();
            max = in.readDouble();
        }
    }

    /** Any ordered type; for DELTA the inputs must be numbers and the result takes the widest type. */
    static final class ObjectRange implements Accumulator {
        private final Output output;
        private Object min;
        private Object max;

        ObjectRange(Output output) {
            this.output = output;
        }

        @Override
        public void add(Object value) {
            if (value == null) {
                return;
            }
            if (output == Output.DELTA && !(value instanceof Number)) {
                throw Numbers.notNumeric(value, "DELTA");
            }
            if (min == null) {
                min = value;
                max = value;
            } else if (Values.compare(value, min) < 0) {
                min = value;
            } else if (Values.compare(value, max) > 0) {
                max = value;
            }
        }

        @Override
        public Object result() {
            return switch (output) {
                case MIN -> min;
                case MAX -> max;
                case DELTA -> min == null ? null : subtract(max, min);
            };
        }

        private static Object subtract(Object a, Object b) {
            if (a instanceof Long x && b instanceof Long y) {
                try {
                    return Math.subtractExact(x, y);
                } catch (ArithmeticException e) {
                    throw new ValueException("DELTA overflows INTEGER: " + x + " - " + y);
                }
            } else if (a instanceof Double || b instanceof Double) {
                return ((Number) a).doubleValue() - ((Number) b).doubleValue();
            }
            return Coercions.toDecimal(a).subtract(Coercions.toDecimal(b));
        }

        @Override
        public void merge(Accumulator other) {
            ObjectRange o = (ObjectRange) other;
            if (o.min != null) {
                add(o.min);
                add(o.max);
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            StateCodec.writeValue(out, min);
            StateCodec.writeValue(out, max);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            min = StateCodec.readValue(in);
            max = StateCodec.readValue(in);
        }
    }
}
