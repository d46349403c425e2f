package io.velostream.engine.internal.exec.expr;

import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The arithmetic (docs/sql.md#types-literals-and-arithmetic) on run-time values: INTEGER ∘ INTEGER stays INTEGER (overflow is an
 * error, {@code /} truncates), promotion INTEGER → DECIMAL → FLOAT, DECIMAL exact, division and
 * modulo by zero NULL with a warning, and TIMESTAMP ± INTERVAL. NULL in, NULL out. The common
 * INTEGER and FLOAT cases are tested first so they cost two type checks.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    public static Object add(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.addExact(x, y);
            } catch (ArithmeticException e) {
                throw overflow(x, "+", y);
            }
        }
        if (a instanceof Double || b instanceof Double) {
            return number(a, "+").doubleValue() + number(b, "+").doubleValue();
        }
        if (a instanceof Number && b instanceof Number) {
            return Coercions.toDecimal(a).add(Coercions.toDecimal(b));
        }
        return temporal(a, b, 1, "+");
    }

    public static Object subtract(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.subtractExact(x, y);
            } catch (ArithmeticException e) {
                throw overflow(x, "-", y);
            }
        }
        if (a instanceof Double || b instanceof Double) {
            return number(a, "-").doubleValue() - number(b, "-").doubleValue();
        }
        if (a instanceof Number && b instanceof Number) {
            return Coercions.toDecimal(a).subtract(Coercions.toDecimal(b));
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.toEpochMilli() - y.toEpochMilli();
        }
        return temporal(a, b, -1, "-");
    }

    public static Object multiply(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.multiplyExact(x, y);
            } catch (ArithmeticException e) {
                throw overflow(x, "*", y);
            }
        }
        if (a instanceof Double || b instanceof Double) {
            return number(a, "*").doubleValue() * number(b, "*").doubleValue();
        }
        return decimal(a, "*").multiply(decimal(b, "*"));
    }

    public static Object divide(Object a, Object b, Row row) {
        if (a == null || b == null) {
            return null;
        }
        if (isZero(number(b, "/"))) {
            row.warnings++;
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            if (x == Long.MIN_VALUE && y == -1) {
                throw overflow(x, "/", y);
            }
            return x / y;
        }
        if (a instanceof Double || b instanceof Double) {
            return number(a, "/").doubleValue() / number(b, "/").doubleValue();
        }
        return decimal(a, "/").divide(decimal(b, "/"));
    }

    public static Object modulo(Object a, Object b, Row row) {
        if (a == null || b == null) {
            return null;
        }
        if (isZero(number(b, "%"))) {
            row.warnings++;
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return y == -1 ? 0L : x % y;
        }
        if (a instanceof Double || b instanceof Double) {
            return number(a, "%").doubleValue() % number(b, "%").doubleValue();
        }
        return decimal(a, "%").remainder(decimal(b, "%"));
    }

    public static Object negate(Object a) {
        if (a == null) {
            return null;
        } else if (a instanceof Long x) {
            if (x == Long.MIN_VALUE) {
                throw new ValueException("integer overflow: -(" + x + ")");
            }
            return -x;
        } else if (a instanceof Double x) {
            return -x;
        } else if (a instanceof Decimal x) {
            return x.negate();
        } else if (a instanceof Duration x) {
            return x.negated();
        }
        throw notNumeric(a, "-");
    }

    /** {@code a || b}: the text forms joined; NULL when either is NULL. */
    public static Object concat(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return Values.toDisplayString(a).concat(Values.toDisplayString(b));
    }

    private static boolean isZero(Number n) {
        if (n instanceof Long l) {
            return l == 0;
        } else if (n instanceof Decimal d) {
            return d.signum() == 0;
        }
        return n.doubleValue() == 0.0;
    }

    private static Number number(Object v, String op) {
        if (v instanceof Number n) {
            return n;
        }
        throw notNumeric(v, op);
    }

    private static Decimal decimal(Object v, String op) {
        return Coercions.toDecimal(number(v, op));
    }

    /** TIMESTAMP/DATE ± INTERVAL and INTERVAL ± INTERVAL; {@code sign} is +1 or -1. */
    private static Object temporal(Object a, Object b, int sign, String op) {
        if (b instanceof Duration d) {
            Duration signed = sign > 0 ? d : d.negated();
            if (a instanceof Instant t) {
                return t.plus(signed);
            } else if (a instanceof LocalDate date) {
                return date.atStartOfDay(ZoneOffset.UTC).toInstant().plus(signed);
            } else if (a instanceof Duration x) {
                return x.plus(signed);
            }
        } else if (a instanceof Duration d && sign > 0 && (b instanceof Instant || b instanceof LocalDate)) {
            return temporal(b, d, 1, op);
        }
        throw new ValueException("cannot apply '" + op + "' to " + Values.typeOf(a) + " and " + Values.typeOf(b));
    }

    private static ValueException notNumeric(Object v, String op) {
        return new ValueException("'" + op + "' needs numbers, got " + Values.typeOf(v) + " '"
                + Values.toDisplayString(v) + "'");
    }

    private static ValueException overflow(long a, String op, long b) {
        return new ValueException("integer overflow: " + a + " " + op + " " + b);
    }
}
