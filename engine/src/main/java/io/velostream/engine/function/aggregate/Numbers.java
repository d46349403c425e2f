package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

/** Run-time checks of aggregate inputs and SQL-equality keys for DISTINCT. */
final class Numbers {
    private Numbers() {
    }

    static double toDouble(Object v, String function) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw notNumeric(v, function);
    }

    /** An input declared INTEGER at compile time. */
    static long toLong(Object v, String function) {
        if (v instanceof Long l) {
            return l;
        }
        throw new ValueException(function + " expected an INTEGER, got " + describe(v));
    }

    static ValueException notNumeric(Object v, String function) {
        return new ValueException(function + " needs a number, got " + describe(v));
    }

    private static String describe(Object v) {
        return Values.typeOf(v) + " '" + Values.toDisplayString(v) + "'";
    }

    /**
     * A key that is equal for SQL-equal numbers of different types ({@code 1}, {@code 1.0},
     * {@code 1.00}, {@code 2.5} and {@code 2.5e0}), so DISTINCT and APPROX_COUNT_DISTINCT see
     * them as one value: integral numbers become Long, other finite numbers a Decimal without
     * trailing zeros (a FLOAT through its shortest decimal form, as SQL compares them).
     */
    static Object distinctKey(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d.doubleValue();
            } else if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            return distinctKey(Decimal.valueOf(d));
        } else if (v instanceof Decimal d) {
            Decimal s = d.stripTrailingZeros();
            return s.scale() == 0 && s.isCompact() ? (Object) s.longValue() : s;
        }
        return v;
    }
}
