package io.velostream.engine.internal.function.builtin;

import static io.velostream.engine.function.Calls.NOW;
import static io.velostream.engine.function.Calls.assertBindError;
import static io.velostream.engine.function.Calls.bind;
import static io.velostream.engine.function.Calls.call;
import static io.velostream.engine.function.Calls.callAny;
import static io.velostream.engine.function.Calls.callConst;
import static io.velostream.engine.function.Calls.returnType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TimeFunctionsTest {
    private static Instant ts(String iso) {
        return Instant.parse(iso);
    }

    private static Object extract(String part, Object ts) {
        return callConst("EXTRACT", part, ts);
    }

    @Test
    void nowAndCurrentDateComeFromTheClockAndAreNotDeterministic() {
        BoundFunction now = bind("NOW");
        assertThat(now.invoke(new Object[0])).isEqualTo(NOW);
        assertThat(now.deterministic()).isFalse();
        assertThat(now.returnType()).isEqualTo(SqlType.TIMESTAMP);
        assertThat(bind("CURRENT_TIMESTAMP").invoke(new Object[0])).isEqualTo(NOW);
        BoundFunction today = bind("CURRENT_DATE");
        assertThat(today.invoke(new Object[0])).isEqualTo(LocalDate.of(2024, 3, 15));
        assertThat(today.deterministic()).isFalse();
        assertThat(bind("UNIX_TIMESTAMP").invoke(new Object[0])).isEqualTo(1710498645L);
        assertThat(bind("UNIX_TIMESTAMP").deterministic()).isFalse();
    }

    @Test
    void timestampConvertsLikeCast() {
        assertThat(call("TIMESTAMP", "2024-03-15 10:30:45")).isEqualTo(ts("2024-03-15T10:30:45Z"));
        assertThat(call("TIMESTAMP", 1000L)).isEqualTo(ts("1970-01-01T00:00:01Z"));
        assertThat(call("TIMESTAMP", LocalDate.of(2024, 1, 2))).isEqualTo(ts("2024-01-02T00:00:00Z"));
        assertThat(call("TIMESTAMP", (Object) null)).isNull();
        assertThatThrownBy(() -> callAny("TIMESTAMP", "soon")).isInstanceOf(ValueException.class)
                .hasMessage("TIMESTAMP: cannot cast STRING 'soon' to TIMESTAMP");
        assertBindError("TIMESTAMP", SqlType.BOOLEAN).hasMessage("TIMESTAMP argument 1 must be a timestamp, got BOOLEAN");
    }

    @Test
    void extractEveryPartInUtc() {
        assertThat(extract("YEAR", NOW)).isEqualTo(2024L);
        assertThat(extract("month", NOW)).isEqualTo(3L);
        assertThat(extract("DAY", NOW)).isEqualTo(15L);
        assertThat(extract("HOUR", NOW)).isEqualTo(10L);
        assertThat(extract("MINUTE", NOW)).isEqualTo(30L);
        assertThat(extract("SECOND", NOW)).isEqualTo(45L);
        assertThat(extract("DOW", NOW)).as("Friday").isEqualTo(5L);
        assertThat(extract("DOW", LocalDate.of(2024, 3, 17))).as("Sunday").isEqualTo(0L);
        assertThat(extract("DOY", NOW)).isEqualTo(75L);
        assertThat(extract("WEEK", NOW)).isEqualTo(11L);
        assertThat(extract("WEEK", LocalDate.of(2021, 1, 1))).as("ISO week of the previous year").isEqualTo(53L);
        assertThat(extract("EPOCH", NOW)).isEqualTo(1710498645L);
        assertThat(extract("QUARTER", NOW)).isEqualTo(1L);
        assertThat(extract("QUARTER", LocalDate.of(2024, 12, 31))).isEqualTo(4L);
        assertThat(extract("MILLISECOND", NOW)).isEqualTo(45123L);
        assertThat(returnType("EXTRACT", SqlType.STRING, SqlType.TIMESTAMP)).isEqualTo(SqlType.INTEGER);
    }

    @Test
    void extractTakesDatesEpochMillisAndStrings() {
        assertThat(extract("HOUR", NOW.toEpochMilli())).isEqualTo(10L);
        assertThat(extract("MINUTE", "2024-03-15T10:31:00Z")).isEqualTo(31L);
        assertThat(extract("HOUR", LocalDate.of(2024, 3, 15))).isEqualTo(0L);
        assertThat(callConst("EXTRACT", "YEAR", null)).isNull();
    }

    @Test
    void anUnknownPartIsABindErrorWhenConstant() {
        assertThatThrownBy(() -> extract("FORTNIGHT", NOW)).isInstanceOf(FunctionException.class)
                .hasMessageStartingWith("EXTRACT unknown part 'FORTNIGHT' (known: [YEAR, MONTH");
        assertThatThrownBy(() -> call("EXTRACT", "FORTNIGHT", NOW)).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("EXTRACT unknown part 'FORTNIGHT'");
    }

    @Test
    void partFunctions() {
        assertThat(call("YEAR", NOW)).isEqualTo(2024L);
        assertThat(call("MONTH", NOW)).isEqualTo(3L);
        assertThat(call("DAY", NOW)).isEqualTo(15L);
        assertThat(call("HOUR", NOW)).isEqualTo(10L);
        assertThat(call("MINUTE", NOW)).isEqualTo(30L);
        assertThat(call("SECOND", "2024-03-15 10:30:07")).isEqualTo(7L);
        assertThat(call("YEAR", (Object) null)).isNull();
        assertBindError("YEAR", SqlType.ARRAY).hasMessage("YEAR argument 1 must be a timestamp, got ARRAY");
    }

    @Test
    void dateFormatEverySpecifier() {
        assertThat(callConst("DATE_FORMAT", NOW, "%Y|%y|%m|%c|%d|%e|%H|%h|%I|%i|%s|%S|%f|%p|%W|%a|%M|%b|%j|%T|%%"))
                .isEqualTo("2024|24|03|3|15|15|10|10|10|30|45|45|123000|AM|Friday|Fri|March|Mar|075|10:30:45|%");
        assertThat(call("DATE_FORMAT", ts("2024-01-05T23:05:09Z"), "%h:%i %p, %e/%c, %a"))
                .isEqualTo("11:05 PM, 5/1, Fri");
        assertThat(callConst("DATE_FORMAT", ts("2024-01-05T00:15:00Z"), "%h %I %p")).isEqualTo("12 12 AM");
        assertThat(callConst("DATE_FORMAT", NOW, "%Y-%m-%d %H:%i:%s")).isEqualTo("2024-03-15 10:30:45");
        assertThat(callConst("DATE_FORMAT", LocalDate.of(2024, 3, 15), "day %j")).isEqualTo("day 075");
        assertThat(callConst("DATE_FORMAT", null, "%Y")).isNull();
    }

    @Test
    void dateFormatRejectsUnknownSpecifiers() {
        assertThatThrownBy(() -> callConst("DATE_FORMAT", NOW, "%Y %Q")).isInstanceOf(FunctionException.class)
                .hasMessage("DATE_FORMAT format '%Y %Q' has the unknown specifier '%Q'");
        assertThatThrownBy(() -> call("DATE_FORMAT", NOW, "%Y%")).isInstanceOf(ValueException.class)
                .hasMessage("DATE_FORMAT format '%Y%' ends with a lone '%'");
    }

    @Test
    void dateTruncToEveryUnit() {
        assertThat(callConst("DATE_TRUNC", "millisecond", NOW)).isEqualTo(NOW);
        assertThat(callConst("DATE_TRUNC", "second", NOW)).isEqualTo(ts("2024-03-15T10:30:45Z"));
        assertThat(callConst("DATE_TRUNC", "MINUTES", NOW)).isEqualTo(ts("2024-03-15T10:30:00Z"));
        assertThat(callConst("DATE_TRUNC", "hour", NOW)).isEqualTo(ts("2024-03-15T10:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "day", NOW)).isEqualTo(ts("2024-03-15T00:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "week", NOW)).as("the Monday before").isEqualTo(ts("2024-03-11T00:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "week", ts("2024-03-11T00:00:00Z"))).isEqualTo(ts("2024-03-11T00:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "month", NOW)).isEqualTo(ts("2024-03-01T00:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "quarter", ts("2024-08-20T05:00:00Z"))).isEqualTo(ts("2024-07-01T00:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "year", NOW)).isEqualTo(ts("2024-01-01T00:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "hour", ts("1969-12-31T23:30:00Z"))).isEqualTo(ts("1969-12-31T23:00:00Z"));
        assertThat(callConst("DATE_TRUNC", "day", null)).isNull();
        assertThatThrownBy(() -> callConst("DATE_TRUNC", "decade", NOW)).isInstanceOf(FunctionException.class)
                .hasMessageStartingWith("DATE_TRUNC unknown unit 'decade'");
    }

    @Test
    void datediffCountsWholeUnitsFromAToB() {
        assertThat(callConst("DATEDIFF", "day", "2024-01-01", "2024-01-03T12:00:00Z")).isEqualTo(2L);
        assertThat(callConst("DATEDIFF", "hour", ts("2024-01-01T05:00:00Z"), ts("2024-01-01T02:30:00Z"))).isEqualTo(-2L);
        assertThat(callConst("DATEDIFF", "week", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 15))).isEqualTo(2L);
        assertThat(callConst("DATEDIFF", "month", "2024-01-15", "2024-03-15")).isEqualTo(2L);
        assertThat(callConst("DATEDIFF", "month", "2024-01-31", "2024-02-29")).as("not a whole month").isEqualTo(0L);
        assertThat(callConst("DATEDIFF", "quarter", "2024-01-01", "2024-12-31")).isEqualTo(3L);
        assertThat(callConst("DATEDIFF", "year", "2020-06-01", "2024-05-31")).isEqualTo(3L);
        assertThat(callConst("DATEDIFF", "millisecond", 1000L, 1500L)).isEqualTo(500L);
        assertThat(callConst("DATEDIFF", "second", null, 1500L)).isNull();
        assertThatThrownBy(() -> callConst("DATEDIFF", "millisecond", Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(ValueException.class).hasMessage("DATEDIFF: integer overflow");
    }

    @Test
    void unixSeconds() {
        assertThat(call("FROM_UNIXTIME", 1710498645L)).isEqualTo(ts("2024-03-15T10:30:45Z"));
        assertThat(call("FROM_UNIXTIME", Decimal.parse("1.5"))).isEqualTo(Instant.ofEpochMilli(1500));
        assertThat(call("FROM_UNIXTIME", 2.25)).isEqualTo(Instant.ofEpochMilli(2250));
        assertThat(call("FROM_UNIXTIME", (Object) null)).isNull();
        assertThatThrownBy(() -> call("FROM_UNIXTIME", Long.MAX_VALUE)).isInstanceOf(ValueException.class);
        assertThat(call("UNIX_TIMESTAMP", NOW)).isEqualTo(1710498645L);
        assertThat(call("UNIX_TIMESTAMP", ts("1969-12-31T23:59:59.500Z"))).isEqualTo(-1L);
        assertThat(bind("UNIX_TIMESTAMP", Argument.of(SqlType.TIMESTAMP)).deterministic()).isTrue();
        assertThat(returnType("FROM_UNIXTIME", SqlType.INTEGER)).isEqualTo(SqlType.TIMESTAMP);
    }

    @Test
    void toTimestampParsesWithAJavaPatternInUtc() {
        assertThat(callConst("TO_TIMESTAMP", "15/03/2024 10:30", "dd/MM/yyyy HH:mm")).isEqualTo(ts("2024-03-15T10:30:00Z"));
        assertThat(call("TO_TIMESTAMP", "20240315", "yyyyMMdd")).isEqualTo(ts("2024-03-15T00:00:00Z"));
        assertThat(callConst("TO_TIMESTAMP", "2024-03-15T10:30+02:00", "yyyy-MM-dd'T'HH:mmXXX"))
                .isEqualTo(ts("2024-03-15T08:30:00Z"));
        assertThat(callConst("TO_TIMESTAMP", "2024-03-15 10:30:45.123456", "yyyy-MM-dd HH:mm:ss.SSSSSS"))
                .as("truncated to milliseconds").isEqualTo(NOW);
        assertThat(callConst("TO_TIMESTAMP", null, "yyyy")).isNull();
        assertThatThrownBy(() -> callConst("TO_TIMESTAMP", "15.03.2024", "dd/MM/yyyy")).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("TO_TIMESTAMP cannot parse '15.03.2024'");
        assertThatThrownBy(() -> callConst("TO_TIMESTAMP", "x", "yyyy{")).isInstanceOf(FunctionException.class)
                .hasMessageStartingWith("TO_TIMESTAMP ");
    }
}
