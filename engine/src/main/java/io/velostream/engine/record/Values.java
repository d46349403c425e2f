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
     * Text of a value as an output key (§6): integers plain, decimals without trailing zeros,
     * booleans {@code true}/{@code false}, NULL as the empty string.
     */
    public static String toKeyString(Object v) {
        if (v instanceof Decimal d) {
            return d.stripTrailingZeros().toString();
        }
        return toDisplayString(v);
    }
}
