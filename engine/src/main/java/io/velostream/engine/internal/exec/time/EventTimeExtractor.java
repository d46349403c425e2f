package io.velostream.engine.internal.exec.time;

import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads a record's event time from a payload field ({@code 'event.time.field'}) in the format
 * of {@code 'event.time.format'} (docs/windows.md#event-time), as epoch milliseconds.
 *
 * <p>Formats (keywords in any case):
 * <ul>
 *   <li>{@code epoch_millis} (the default) and {@code epoch_seconds}: numbers (INTEGER, DECIMAL,
 *       FLOAT or numeric text); a fraction is floored to the millisecond, so negative times order
 *       like positive ones.</li>
 *   <li>{@code iso8601}: text as {@link Coercions#parseTimestamp} reads it (an instant, an offset
 *       date-time, or a local date-time or date taken as UTC).</li>
 *   <li>anything else is a {@link DateTimeFormatter} pattern (English month and day names); text
 *       without a zone or offset is UTC, a date without a time is its start. The pattern must
 *       describe at least a date. A non-text value is parsed as its text (CSV types
 *       {@code 20240102} as an INTEGER, yet {@code yyyyMMdd} reads it).</li>
 * </ul>
 * A TIMESTAMP value is taken as it is whatever the format. The field's slot is resolved once;
 * the extractor is then cheap per record and, like the schema, belongs to one job's thread.
 */
public final class EventTimeExtractor {
    public static final String EPOCH_MILLIS = "epoch_millis";
    public static final String EPOCH_SECONDS = "epoch_seconds";
    public static final String ISO8601 = "iso8601";

    private enum Kind { EPOCH_MILLIS, EPOCH_SECONDS, ISO8601, PATTERN }

    private final String field;
    private final int slot;
    private final Kind kind;
    /** The pattern's formatter, for {@link Kind#PATTERN}; null otherwise. */
    private final DateTimeFormatter formatter;
    /** How errors name the format: the keyword, or {@code pattern 'yyyy-MM-dd'}. */
    private final String formatName;

    /**
     * @param field  the payload field holding the event time
     * @param format a format keyword or pattern; null or blank means {@code epoch_millis}
     * @throws IllegalArgumentException when the format is neither a keyword nor a date pattern, or
     *                                  a closed schema has no such field
     */
    public EventTimeExtractor(Schema schema, String field, String format) {
        this.field = field;
        String f = format == null || format.isBlank() ? EPOCH_MILLIS : format.trim();
        this.kind = kindOf(f);
        this.formatter = kind == Kind.PATTERN ? patternFormatter(f) : null;
        this.formatName = kind == Kind.PATTERN ? "pattern '" + f + "'" : kind.name().toLowerCase(Locale.ROOT);
        this.slot = resolve(schema, field);
    }

    /**
     * Checks {@code 'event.time.format'} without a schema (for validating a job before it runs).
     *
     * @throws IllegalArgumentException with a message naming the valid formats
     */
    public static void validateFormat(String format) {
        if (format != null && !format.isBlank() && kindOf(format.trim()) == Kind.PATTERN) {
            patternFormatter(format.trim());
        }
    }

    private static Kind kindOf(String format) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case EPOCH_MILLIS: return Kind.EPOCH_MILLIS;
            case EPOCH_SECONDS: return Kind.EPOCH_SECONDS;
            case ISO8601: return Kind.ISO8601;
            default: return Kind.PATTERN;
        }
    }

    private static DateTimeFormatter patternFormatter(String pattern) {
        DateTimeFormatter f;
        try {
            f = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw badFormat(pattern, e.getMessage());
        }
        // A pattern that cannot read back what it writes has no date in it ("HH:mm", a typo like "xyz").
        String sample = f.format(ZonedDateTime.of(2021, 3, 4, 5, 6, 7, 89_000_000, ZoneOffset.UTC));
        try {
            toInstantMillis(f.parse(sample));
        } catch (DateTimeException e) {
            throw badFormat(pattern, "the pattern does not describe a date");
        }
        return f;
    }

    private static IllegalArgumentException badFormat(String format, String why) {
        return new IllegalArgumentException("unknown event time format '" + format + "' (" + why
                + "): expected epoch_millis, epoch_seconds, iso8601 or a date-time pattern such as 'yyyy-MM-dd HH:mm:ss'");
    }

    private static int resolve(Schema schema, String field) {
        int s = schema.slotOf(field);
        if (s >= 0) {
            return s;
        }
        if (schema.isClosed()) {
            throw new IllegalArgumentException("event time field '" + field + "' is not a field of " + schema);
        }
        // A JSON source may not have met the field yet: give it its slot now, as a query column would.
        return schema.add(field, SqlType.ANY);
    }

    /** The field's slot in the schema. */
    public int slot() {
        return slot;
    }

    /**
     * The record's event time in epoch milliseconds.
     *
     * @throws ValueException when the field is NULL or cannot be read in the format
     */
    public long extract(StreamRecord r) {
        Object v = r.value(slot);
        if (v == null) {
            throw new ValueException("event time field '" + field + "' is NULL");
        }
        if (v instanceof Instant t) {
            return t.toEpochMilli();
        }
        try {
            switch (kind) {
                case EPOCH_MILLIS: return epoch(v, 1);
                case EPOCH_SECONDS: return epoch(v, 1000);
                case ISO8601: {
                    Instant t = v instanceof String s ? Coercions.parseTimestamp(s.trim()) : null;
                    if (t == null) {
                        throw cannotParse(v, null);
                    }
                    return t.toEpochMilli();
                }
                default: return toInstantMillis(formatter.parse(text(v)));
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw cannotParse(v, e);
        }
    }

    private long epoch(Object v, long unitMillis) {
        if (v instanceof Long l) {
            return Math.multiplyExact(l, unitMillis);
        }
        if (v instanceof Double d) {
            double ms = Math.floor(d * unitMillis);
            if (Double.isNaN(ms) || ms >= 0x1p63 || ms < -0x1p63) {
                throw cannotParse(v, null);
            }
            return (long) ms;
        }
        Decimal d;
        if (v instanceof Decimal dec) {
            d = dec;
        } else if (v instanceof String s) {
            String t = s.trim();
            if (!t.isEmpty() && t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
                return Math.multiplyExact(Long.parseLong(t), unitMillis);
            }
            d = Decimal.parse(t);
        } else {
            throw cannotParse(v, null);
        }
        return d.toBigDecimal().multiply(BigDecimal.valueOf(unitMillis)).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static String text(Object v) {
        return v instanceof String s ? s.trim() : Values.toDisplayString(v);
    }

    /** An instant when the parsed text has one (a zone or offset, or the UTC default), else a date at its start. */
    private static long toInstantMillis(TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(parsed).toEpochMilli();
        }
        return LocalDate.from(parsed).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private ValueException cannotParse(Object v, Exception cause) {
        return new ValueException("cannot parse event time '" + Values.toDisplayString(v) + "' as " + formatName, cause);
    }
}
