package io.velostream.engine.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact decimal: an unscaled {@code long} and a scale, falling back to {@link BigDecimal}
 * only when a result no longer fits a long. Money sums stay on the fast path.
 *
 * <p>Equality is numeric ({@code 1.50 = 1.5}), as SQL compares; the scale is kept for output
 * ({@code 449.98}, {@code 2.50}).
 */
public final class Decimal extends Number implements Comparable<Decimal> {
    private static final long serialVersionUID = 1L;
    /** Scale of a DECIMAL ÷ DECIMAL result is at least this (docs/sql.md#types-literals-and-arithmetic). */
    public static final int MIN_DIVISION_SCALE = 6;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    public static final Decimal ZERO = new Decimal(0, 0, null);

    private final long unscaled;
    private final int scale;
    /** Non-null only when the value does not fit the long fast path. */
    private final BigDecimal big;

    private Decimal(long unscaled, int scale, BigDecimal big) {
        this.unscaled = unscaled;
        this.scale = scale;
        this.big = big;
    }

    public static Decimal of(long unscaled, int scale) {
        if (scale < 0) {
            return valueOf(BigDecimal.valueOf(unscaled, scale));
        }
        return new Decimal(unscaled, scale, null);
    }

    public static Decimal valueOf(long integer) {
        return new Decimal(integer, 0, null);
    }

    public static Decimal valueOf(BigDecimal value) {
        if (value.scale() < 0) {
            value = value.setScale(0);
        }
        if (value.unscaledValue().bitLength() < 64) {
            return new Decimal(value.unscaledValue().longValue(), value.scale(), null);
        }
        return new Decimal(0, value.scale(), value);
    }

    /** Exact conversion of a double through its shortest decimal string ({@code 0.1} → 0.1). */
    public static Decimal valueOf(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ArithmeticException("cannot convert " + value + " to DECIMAL");
        }
        return valueOf(BigDecimal.valueOf(value));
    }

    /**
     * Parses a decimal literal keeping its scale exactly as written ({@code 2.50} has scale 2).
     *
     * @throws NumberFormatException when the text is not a number
     */
    public static Decimal parse(CharSequence text) {
        int len = text.length();
        int i = 0;
        boolean negative = false;
        if (len > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long unscaled = 0;
        int scale = -1;
        int digits = 0;
        for (; i < len; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits >= 18) {
                    return valueOf(new BigDecimal(text.toString()));
                }
                unscaled = unscaled * 10 + (c - '0');
                if (unscaled != 0 || scale >= 0) {
                    digits++;
                }
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else if (c == 'e' || c == 'E') {
                return valueOf(new BigDecimal(text.toString()));
            } else {
                throw new NumberFormatException("not a decimal number: '" + text + "'");
            }
        }
        if (len == 0 || (i == 1 && (negative || text.charAt(0) == '+')) || (scale == 0 && len - (negative ? 1 : 0) == 1)) {
            throw new NumberFormatException("not a decimal number: '" + text + "'");
        }
        return new Decimal(negative ? -unscaled : unscaled, Math.max(scale, 0), null);
    }

    public int scale() {
        return scale;
    }

    /** True when the value lives in a long and a scale (no {@link BigDecimal}). */
    public boolean isCompact() {
        return big == null;
    }

    /** The unscaled value of a compact decimal ({@link #isCompact()}); meaningless otherwise. */
    public long unscaledCompact() {
        return unscaled;
    }

    public BigDecimal toBigDecimal() {
        return big != null ? big : BigDecimal.valueOf(unscaled, scale);
    }

    public int signum() {
        return big != null ? big.signum() : Long.signum(unscaled);
    }

    public Decimal negate() {
        if (big == null && unscaled != Long.MIN_VALUE) {
            return new Decimal(-unscaled, scale, null);
        }
        return valueOf(toBigDecimal().negate());
    }

    public Decimal abs() {
        return signum() < 0 ? negate() : this;
    }

    /** This value's unscaled long at {@code targetScale} (≥ scale), or fails over to null on overflow. */
    private static boolean rescalable(long unscaled, int from, int to) {
        int diff = to - from;
        if (diff >= POW10.length) {
            return false; // even a zero: the callers index POW10[diff]; BigDecimal takes it
        }
        long limit = Long.MAX_VALUE / POW10[diff];
        return unscaled <= limit && unscaled >= -limit;
    }

    public Decimal add(Decimal o) {
        if (big == null && o.big == null) {
            int s = Math.max(scale, o.scale);
            if (rescalable(unscaled, scale, s) && rescalable(o.unscaled, o.scale, s)) {
                long a = unscaled * POW10[s - scale];
                long b = o.unscaled * POW10[s - o.scale];
                long r = a + b;
                if (((a ^ r) & (b ^ r)) >= 0) {
                    return new Decimal(r, s, null);
                }
            }
        }
        return valueOf(toBigDecimal().add(o.toBigDecimal()));
    }

    public Decimal subtract(Decimal o) {
        return add(o.negate());
    }

    public Decimal multiply(Decimal o) {
        if (big == null && o.big == null) {
            long hi = Math.multiplyHigh(unscaled, o.unscaled);
            long lo = unscaled * o.unscaled;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return of(lo, scale + o.scale);
            }
        }
        return valueOf(toBigDecimal().multiply(o.toBigDecimal()));
    }

    /** DECIMAL ÷ DECIMAL: scale max(both scales, 6), rounded half-up (docs/sql.md#types-literals-and-arithmetic). Caller handles zero. */
    public Decimal divide(Decimal o) {
        int s = Math.max(Math.max(scale, o.scale), MIN_DIVISION_SCALE);
        return valueOf(toBigDecimal().divide(o.toBigDecimal(), s, RoundingMode.HALF_UP));
    }

    /** Remainder with the sign of the dividend, as SQL's MOD. Caller handles zero. */
    public Decimal remainder(Decimal o) {
        return valueOf(toBigDecimal().remainder(o.toBigDecimal()));
    }

    public Decimal setScale(int newScale, RoundingMode mode) {
        if (big == null && newScale >= scale && rescalable(unscaled, scale, newScale)) {
            return new Decimal(unscaled * POW10[newScale - scale], newScale, null);
        }
        return valueOf(toBigDecimal().setScale(newScale, mode));
    }

    /** The value without trailing fractional zeros ({@code 123.40} → {@code 123.4}). */
    public Decimal stripTrailingZeros() {
        if (big == null) {
            long u = unscaled;
            int s = scale;
            while (s > 0 && u % 10 == 0) {
                u /= 10;
                s--;
            }
            return s == scale ? this : new Decimal(u, s, null);
        }
        return valueOf(big.stripTrailingZeros());
    }

    @Override
    public int compareTo(Decimal o) {
        if (big == null && o.big == null) {
            if (scale == o.scale) {
                return Long.compare(unscaled, o.unscaled);
            }
            int s = Math.max(scale, o.scale);
            if (rescalable(unscaled, scale, s) && rescalable(o.unscaled, o.scale, s)) {
                return Long.compare(unscaled * POW10[s - scale], o.unscaled * POW10[s - o.scale]);
            }
        }
        return toBigDecimal().compareTo(o.toBigDecimal());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decimal d && compareTo(d) == 0;
    }

    @Override
    public int hashCode() {
        Decimal s = stripTrailingZeros();
        if (s.big == null) {
            return Long.hashCode(s.unscaled) * 31 + s.scale;
        }
        BigInteger u = s.big.unscaledValue();
        return u.bitLength() < 64 ? Long.hashCode(u.longValue()) * 31 + s.scale : u.hashCode() * 31 + s.scale;
    }

    @Override
    public int intValue() {
        return (int) longValue();
    }

    /** Truncates toward zero. */
    @Override
    public long longValue() {
        if (big == null) {
            return scale < POW10.length ? unscaled / POW10[scale] : 0;
        }
        return big.longValue();
    }

    @Override
    public float floatValue() {
        return (float) doubleValue();
    }

    @Override
    public double doubleValue() {
        if (big == null && scale < 16 && Math.abs(unscaled) < (1L << 52)) {
            return unscaled / (double) POW10[scale];
        }
        return toBigDecimal().doubleValue();
    }

    /** The number as written with its scale, never in exponent form ({@code 449.98}, {@code 2.50}). */
    @Override
    public String toString() {
        if (big != null) {
            return big.toPlainString();
        }
        if (scale == 0) {
            return Long.toString(unscaled);
        }
        return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }
}
