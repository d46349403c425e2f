package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Time functions, all in UTC. A timestamp argument may be a TIMESTAMP, a DATE (its start of day),
 * epoch milliseconds or a timestamp string, converted as CAST does.
 */
final class TimeFunctions {
    private TimeFunctions() {
    }

    /** The parts of EXTRACT; each is an INTEGER. */
    enum Part {
        YEAR(LocalDateTime::getYear),
        MONTH(LocalDateTime::getMonthValue),
        DAY(LocalDateTime::getDayOfMonth),
        HOUR(LocalDateTime::getHour),
        MINUTE(LocalDateTime::getMinute),
        SECOND(LocalDateTime::getSecond),
        /** 0 = Sunday … 6 = Saturday, as PostgreSQL. */
        DOW(t -> t.getDayOfWeek().getValue() % 7),
        DOY(LocalDateTime::getDayOfYear),
        /** ISO week of the week-based year. */
        WEEK(t -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
        /** Whole seconds since 1970-01-01 UTC, rounded down. */
        EPOCH(t -> t.toEpochSecond(ZoneOffset.UTC)),
        QUARTER(t -> (t.getMonthValue() + 2) / 3),
        /** Seconds × 1000 + milliseconds, as PostgreSQL. */
        MILLISECOND(t -> t.getSecond() * 1000L + t.getNano() / 1_000_000);

        private final ToLongFunction<LocalDateTime> of;

        Part(ToLongFunction<LocalDateTime> of) {
            this.of = of;
        }

        static Part parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Compiled.Invalid("unknown part '" + name + "' (known: " + Arrays.toString(values()) + ")");
            }
        }
    }

    /** The units of DATE_TRUNC and DATEDIFF, singular or plural. */
    enum Unit {
        MILLISECOND(1, 0), SECOND(1000, 0), MINUTE(60_000, 0), HOUR(3_600_000, 0), DAY(86_400_000, 0),
        WEEK(7 * 86_400_000L, 0), MONTH(0, 1), QUARTER(0, 3), YEAR(0, 12);

        private final long millis;
        private final int months;

        Unit(long millis, int months) {
            this.millis = millis;
            this.months = months;
        }

        static Unit parse(String name) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            for (Unit u : values()) {
                if (n.equals(u.name()) || n.equals(u.name() + "S")) {
                    return u;
                }
            }
            throw new Compiled.Invalid("unknown unit '" + name + "' (known: " + Arrays.toString(values()) + ")");
        }

        /** The start of the unit holding {@code t}; weeks start on Monday (ISO). */
        Instant truncate(Instant t) {
            if (this == WEEK || months > 0) {
                LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
                LocalDate start = switch (this) {
                    case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    case MONTH -> d.withDayOfMonth(1);
                    case QUARTER -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
                    default -> d.withDayOfYear(1);
                };
                return start.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), millis) * millis);
        }

        /** Whole units elapsed from a to b, truncated toward zero (negative when b is before a). */
        long between(Instant a, Instant b) {
            if (months > 0) {
                return ChronoUnit.MONTHS.between(LocalDateTime.ofInstant(a, ZoneOffset.UTC),
                        LocalDateTime.ofInstant(b, ZoneOffset.UTC)) / months;
            }
            return Math.subtractExact(b.toEpochMilli(), a.toEpochMilli()) / millis;
        }
    }

    private static final Compiled<Part> PARTS = new Compiled<>(t -> Part.parse(t[0]));
    private static final Compiled<Unit> UNITS = new Compiled<>(t -> Unit.parse(t[0]));
    private static final Compiled<Field[]> FORMATS = new Compiled<>(t -> mysqlFormat(t[0]));
    private static final Compiled<DateTimeFormatter> PATTERNS = new Compiled<>(
            t -> DateTimeFormatter.ofPattern(t[0], Locale.ROOT).withZone(ZoneOffset.UTC));

    static List<ScalarFunction> all() {
        List<ScalarFunction> all = new ArrayList<>(List.of(
                Def.of("NOW|CURRENT_TIMESTAMP", 0, c -> Bound.volatileOf(SqlType.TIMESTAMP,
                        () -> Instant.ofEpochMilli(c.context.clock().millis()))),
                Def.of("CURRENT_DATE", 0, c -> Bound.volatileOf(SqlType.DATE,
                        () -> LocalDate.ofInstant(c.context.clock().instant(), ZoneOffset.UTC))),
                Def.of("TIMESTAMP", 1, c -> Bound.strict(c.time(0).result(SqlType.TIMESTAMP), v -> ts(c.name, v))),
                Def.of("EXTRACT", 2, c -> {
                    var part = PARTS.bind(c.expect(0, SqlType.STRING).time(1), 0);
                    return Bound.strictN(c.result(SqlType.INTEGER), a -> part.apply(a).of.applyAsLong(utc(c.name, a[1])));
                }),
                Def.of("DATE_FORMAT", 2, c -> {
                    var format = FORMATS.bind(c.time(0).expect(1, SqlType.STRING), 1);
                    return Bound.strictN(c.result(SqlType.STRING), a -> {
                        LocalDateTime t = utc(c.name, a[0]);
                        StringBuilder b = new StringBuilder();
                        for (Field f : format.apply(a)) {
                            f.append(b, t);
                        }
                        return b.toString();
                    });
                }),
                Def.of("DATE_TRUNC", 2, c -> {
                    var unit = UNITS.bind(c.expect(0, SqlType.STRING).time(1), 0);
                    return Bound.strictN(c.result(SqlType.TIMESTAMP), a -> unit.apply(a).truncate(ts(c.name, a[1])));
                }),
                Def.of("DATEDIFF", 3, c -> {
                    var unit = UNITS.bind(c.expect(0, SqlType.STRING).time(1).time(2), 0);
                    return Bound.strictN(c.result(SqlType.INTEGER), a -> {
                        try {
                            return unit.apply(a).between(ts(c.name, a[1]), ts(c.name, a[2]));
                        } catch (ArithmeticException e) {
                            throw Num.overflow(c.name);
                        }
                    });
                }),
                Def.of("FROM_UNIXTIME", 1, c -> Bound.strict(c.numeric().result(SqlType.TIMESTAMP), v -> fromSeconds(c.name, v))),
                Def.of("UNIX_TIMESTAMP", 0, 1, c -> c.count() == 0
                        ? Bound.volatileOf(SqlType.INTEGER, () -> Math.floorDiv(c.context.clock().millis(), 1000L))
                        : Bound.strict(c.time(0).result(SqlType.INTEGER), v -> Math.floorDiv(ts(c.name, v).toEpochMilli(), 1000L))),
                Def.of("TO_TIMESTAMP", 2, c -> {
                    var pattern = PATTERNS.bind(c.expect(1, SqlType.STRING), 1);
                    return Bound.strictN(c.result(SqlType.TIMESTAMP), a -> parse(c.name, StringFunctions.str(a[0]), pattern.apply(a)));
                })));
        for (Part p : List.of(Part.YEAR, Part.MONTH, Part.DAY, Part.HOUR, Part.MINUTE, Part.SECOND)) {
            all.add(Def.of(p.name(), 1, c -> Bound.strict(c.time(0).result(SqlType.INTEGER),
                    v -> p.of.applyAsLong(utc(c.name, v)))));
        }
        return all;
    }

    private static Instant ts(String fn, Object v) {
        try {
            return Coercions.toTimestamp(v);
        } catch (ValueException e) {
            throw new ValueException(fn + ": " + e.getMessage(), e);
        }
    }

    private static LocalDateTime utc(String fn, Object v) {
        return LocalDateTime.ofInstant(ts(fn, v), ZoneOffset.UTC);
    }

    private static Instant fromSeconds(String fn, Object v) {
        Object n = Num.number(fn, v);
        try {
            if (n instanceof Long l) {
                return Instant.ofEpochMilli(Math.multiplyExact(l, 1000L));
            } else if (n instanceof Decimal d) {
                return Instant.ofEpochMilli(d.toBigDecimal().movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
            }
            return Instant.ofEpochMilli(new BigDecimal((Double) n).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ValueException(fn + " seconds out of range: " + v);
        }
    }

    /** A date-time pattern gives the instant in UTC (or at the offset it parses); a date-only one its start of day. */
    private static Instant parse(String fn, String text, DateTimeFormatter f) {
        try {
            TemporalAccessor t = f.parseBest(text, Instant::from, LocalDate::from);
            return t instanceof Instant i ? i.truncatedTo(ChronoUnit.MILLIS) : ((LocalDate) t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValueException(fn + " cannot parse '" + text + "': " + e.getMessage());
        }
    }

    /** One piece of a compiled DATE_FORMAT pattern. */
    @FunctionalInterface
    private interface Field {
        void append(StringBuilder b, LocalDateTime t);
    }

    private static final String[] DAYS = days(TextStyle.FULL);
    private static final String[] DAYS_SHORT = days(TextStyle.SHORT);
    private static final String[] MONTHS = months(TextStyle.FULL);
    private static final String[] MONTHS_SHORT = months(TextStyle.SHORT);

    private static String[] days(TextStyle style) {
        return Arrays.stream(DayOfWeek.values()).map(d -> d.getDisplayName(style, Locale.ENGLISH)).toArray(String[]::new);
    }

    private static String[] months(TextStyle style) {
        return Arrays.stream(Month.values()).map(m -> m.getDisplayName(style, Locale.ENGLISH)).toArray(String[]::new);
    }

    /** Compiles MySQL's DATE_FORMAT specifiers (see docs/functions.md); an unknown one is an error. */
    private static Field[] mysqlFormat(String pattern) {
        List<Field> fields = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch != '%') {
                literal.append(ch);
                continue;
            }
            if (++i == pattern.length()) {
                throw new Compiled.Invalid("format '" + pattern + "' ends with a lone '%'");
            }
            char spec = pattern.charAt(i);
            if (spec == '%') {
                literal.append('%');
                continue;
            }
            if (literal.length() > 0) {
                String text = literal.toString();
                fields.add((b, t) -> b.append(text));
                literal.setLength(0);
            }
            fields.add(specifier(pattern, spec));
        }
        if (literal.length() > 0) {
            String text = literal.toString();
            fields.add((b, t) -> b.append(text));
        }
        return fields.toArray(Field[]::new);
    }

    private static Field specifier(String pattern, char spec) {
        return switch (spec) {
            case 'Y' -> (b, t) -> pad(b, t.getYear(), 4);
            case 'y' -> (b, t) -> pad(b, Math.floorMod(t.getYear(), 100), 2);
            case 'm' -> (b, t) -> pad(b, t.getMonthValue(), 2);
            case 'c' -> (b, t) -> b.append(t.getMonthValue());
            case 'd' -> (b, t) -> pad(b, t.getDayOfMonth(), 2);
            case 'e' -> (b, t) -> b.append(t.getDayOfMonth());
            case 'H' -> (b, t) -> pad(b, t.getHour(), 2);
            case 'h', 'I' -> (b, t) -> pad(b, (t.getHour() + 11) % 12 + 1, 2);
            case 'i' -> (b, t) -> pad(b, t.getMinute(), 2);
            case 's', 'S' -> (b, t) -> pad(b, t.getSecond(), 2);
            case 'f' -> (b, t) -> pad(b, t.getNano() / 1000, 6);
            case 'p' -> (b, t) -> b.append(t.getHour() < 12 ? "AM" : "PM");
            case 'W' -> (b, t) -> b.append(DAYS[t.getDayOfWeek().ordinal()]);
            case 'a' -> (b, t) -> b.append(DAYS_SHORT[t.getDayOfWeek().ordinal()]);
            case 'M' -> (b, t) -> b.append(MONTHS[t.getMonthValue() - 1]);
            case 'b' -> (b, t) -> b.append(MONTHS_SHORT[t.getMonthValue() - 1]);
            case 'j' -> (b, t) -> pad(b, t.getDayOfYear(), 3);
            case 'T' -> (b, t) -> {
                pad(b, t.getHour(), 2);
                pad(b.append(':'), t.getMinute(), 2);
                pad(b.append(':'), t.getSecond(), 2);
            };
            default -> throw new Compiled.Invalid("format '" + pattern + "' has the unknown specifier '%" + spec + "'");
        };
    }

    private static void pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }
}
