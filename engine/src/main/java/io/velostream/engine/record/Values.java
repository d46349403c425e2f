package io.velostream.engine.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Value semantics shared by the engine: types of run-time values, ordering and text forms. */
public final class Values {
    private Values() {
    }

    /** The SQL type of a run-time value. */
    public static SqlType typeOf(Object v) {
        if (v == null) {
            return SqlType.NULL;
        } else if (v instanceof Long) {
            return SqlType.INTEGER;
        } else if (v instanceof String) {
            return SqlType.STRING;
        } else if (v instanceof Decimal) {
            return SqlType.DECIMAL;
        } else if (v instanceof Double) {
            return SqlType.FLOAT;
        } else if (v instanceof Boolean) {
            return SqlType.BOOLEAN;
        } else if (v instanceof Instant) {
            return SqlType.TIMESTAMP;
        } else if (v instanceof LocalDate) {
            return SqlType.DATE;
        } else if (v instanceof List) {
            return SqlType.ARRAY;
        } else if (v instanceof Map) {
            return SqlType.MAP;
        } else if (v instanceof java.time.Duration) {
            return SqlType.INTERVAL;
        }
        throw new IllegalArgumentException("not a SQL value: " + v.getClass().getName());
    }

    /**
     * Text of a value as CSV and stdout show it: decimals with their scale, timestamps in
     * ISO-8601 UTC, NULL as the empty string.
     */
    public static String toDisplayString(Object v) {
        if (v == null) {
            return "";
        } else if (v instanceof String s) {
            return s;
        } else if (v instanceof Instant t) {
            return DateTimeFormatter.ISO_INSTANT.format(t);
        }
        return v.toString();
    }

    /**
     * Text of a value as an output key (docs/sql.md#output-key): integers plain, decimals without trailing zeros,
     * booleans {@code true}/{@code false}, NULL as the empty string.
     */
    public static String toKeyString(Object v) {
        if (v instanceof Decimal d) {
            return d.stripTrailingZeros().toString();
        }
        return toDisplayString(v);
    }

    /** The key string of several values (docs/sql.md#output-key): each part's key string, joined with {@code |}. */
    public static String toKeyString(Object[] parts) {
        if (parts.length == 1) {
            return toKeyString(parts[0]);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(toKeyString(parts[i]));
        }
        return sb.toString();
    }

    /**
     * SQL ordering of two non-null values: numbers compare numerically across INTEGER, DECIMAL
     * and FLOAT; a TIMESTAMP compares with an INTEGER as epoch milliseconds; a DATE with a
     * TIMESTAMP as its start of day (UTC); strings by UTF-16 code units; FALSE before TRUE.
     *
     * @throws ValueException when the two values cannot be compared (a string with a number)
     */
    public static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        } else if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        } else if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        } else if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        } else if (isTemporal(a) && isTemporal(b)) {
            return Long.compare(Coercions.toLong(a), Coercions.toLong(b));
        } else if (a instanceof java.time.Duration x && b instanceof java.time.Duration y) {
            return x.compareTo(y);
        }
        throw new ValueException("cannot compare " + typeOf(a) + " '" + toDisplayString(a) + "' with "
                + typeOf(b) + " '" + toDisplayString(b) + "'");
    }

    private static boolean isTemporal(Object v) {
        return v instanceof Instant || v instanceof LocalDate || v instanceof Long;
    }

    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return Coercions.toDecimal(a).compareTo(Coercions.toDecimal(b));
    }

    /** SQL equality of two non-null values (numeric across types: {@code 1 = 1.0}). */
    public static boolean sqlEquals(Object a, Object b) {
        if (a.getClass() == b.getClass() && !(a instanceof Double)) {
            return a.equals(b);
        }
        return compare(a, b) == 0;
    }
}
