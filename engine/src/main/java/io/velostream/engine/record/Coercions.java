package io.velostream.engine.record;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Conversions between value types: CAST (docs/sql.md#types-literals-and-arithmetic) and the implicit ones of numeric promotion and
 * comparison. A value that cannot be converted is a {@link ValueException}, a record error.
 * NULL converts to NULL.
 */
public final class Coercions {
    private Coercions() {
    }

    /** {@code CAST(v AS type)}; {@code scale} ≥ 0 rounds a DECIMAL half-up to it, -1 keeps the scale. */
    public static Object cast(Object v, SqlType type, int scale) {
        if (v == null) {
            return null;
        }
        Object r = switch (type) {
            case INTEGER -> toLong(v);
            case FLOAT -> toDouble(v);
            case DECIMAL -> toDecimal(v);
            case STRING -> Values.toDisplayString(v);
            case BOOLEAN -> toBoolean(v);
            case TIMESTAMP -> toTimestamp(v);
            case DATE -> toDate(v);
            case ARRAY -> expect(v, List.class, type);
            case MAP, STRUCT -> expect(v, Map.class, type);
            case ANY, NULL -> v;
            case INTERVAL -> expect(v, java.time.Duration.class, type);
        };
        if (scale >= 0 && r instanceof Decimal d) {
            return d.setScale(scale, RoundingMode.HALF_UP);
        }
        return r;
    }

    private static Object expect(Object v, Class<?> cls, SqlType type) {
        if (cls.isInstance(v)) {
            return v;
        }
        throw cannot(v, type);
    }

    private static ValueException cannot(Object v, SqlType type) {
        return new ValueException("cannot cast " + Values.typeOf(v) + " '" + Values.toDisplayString(v) + "' to " + type);
    }

    public static Long toLong(Object v) {
        if (v == null || v instanceof Long) {
            return (Long) v;
        } else if (v instanceof Decimal d) {
            return d.longValue();
        } else if (v instanceof Double d) {
            if (Double.isNaN(d) || Double.isInfinite(d) || d >= 0x1p63 || d < -0x1p63) {
                throw cannot(v, SqlType.INTEGER);
            }
            return (long) d.doubleValue();
        } else if (v instanceof String s) {
            String t = s.trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                try {
                    return Decimal.parse(t).longValue();
                } catch (NumberFormatException e2) {
                    throw cannot(v, SqlType.INTEGER);
                }
            }
        } else if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (v instanceof Instant t) {
            return t.toEpochMilli();
        } else if (v instanceof LocalDate d) {
            return d.toEpochDay() * 86_400_000L;
        } else if (v instanceof java.time.Duration d) {
            return d.toMillis();
        }
        throw cannot(v, SqlType.INTEGER);
    }

    public static Double toDouble(Object v) {
        if (v == null || v instanceof Double) {
            return (Double) v;
        } else if (v instanceof Number n) {
            return n.doubleValue();
        } else if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(v, SqlType.FLOAT);
            }
        } else if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        throw cannot(v, SqlType.FLOAT);
    }

    public static Decimal toDecimal(Object v) {
        if (v == null || v instanceof Decimal) {
            return (Decimal) v;
        } else if (v instanceof Long l) {
            return Decimal.valueOf(l);
        } else if (v instanceof Double d) {
            try {
                return Decimal.valueOf(d);
            } catch (ArithmeticException e) {
                throw cannot(v, SqlType.DECIMAL);
            }
        } else if (v instanceof String s) {
            try {
                return Decimal.parse(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(v, SqlType.DECIMAL);
            }
        } else if (v instanceof Boolean b) {
            return Decimal.valueOf(b ? 1 : 0);
        }
        throw cannot(v, SqlType.DECIMAL);
    }

    public static Boolean toBoolean(Object v) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        } else if (v instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true": case "t": case "yes": case "y": case "1": return Boolean.TRUE;
                case "false": case "f": case "no": case "n": case "0": return Boolean.FALSE;
                default: throw cannot(v, SqlType.BOOLEAN);
            }
        } else if (v instanceof Long l) {
            return l != 0;
        } else if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        throw cannot(v, SqlType.BOOLEAN);
    }

    /**
     * To a TIMESTAMP: integers are epoch milliseconds; strings are ISO-8601 instants, local
     * date-times (taken as UTC, {@code T} or space between date and time) or dates.
     */
    public static Instant toTimestamp(Object v) {
        if (v == null || v instanceof Instant) {
            return (Instant) v;
        } else if (v instanceof Long l) {
            return Instant.ofEpochMilli(l);
        } else if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        } else if (v instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        } else if (v instanceof String s) {
            Instant t = parseTimestamp(s.trim());
            if (t != null) {
                return t;
            }
        }
        throw cannot(v, SqlType.TIMESTAMP);
    }

    /** Parses the timestamp forms of {@link #toTimestamp}; null when the text is none of them. */
    public static Instant parseTimestamp(String s) {
        if (s.isEmpty()) {
            return null;
        }
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            if (t.length() <= 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            char last = t.charAt(t.length() - 1);
            if (last == 'Z' || last == 'z') {
                return Instant.parse(t);
            }
            int tPos = t.indexOf('T');
            if (t.indexOf('+', tPos) > 0 || t.indexOf('-', tPos) > 0) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static LocalDate toDate(Object v) {
        if (v == null || v instanceof LocalDate) {
            return (LocalDate) v;
        } else if (v instanceof Instant t) {
            return LocalDate.ofInstant(t, ZoneOffset.UTC);
        } else if (v instanceof Long l) {
            return LocalDate.ofInstant(Instant.ofEpochMilli(l), ZoneOffset.UTC);
        } else if (v instanceof String s) {
            Instant t = parseTimestamp(s.trim());
            if (t != null) {
                return LocalDate.ofInstant(t, ZoneOffset.UTC);
            }
        }
        throw cannot(v, SqlType.DATE);
    }
}
