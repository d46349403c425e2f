package io.velostream.engine.internal.exec.time;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventTimeExtractorTest {
    private static final Schema SCHEMA = Schema.of("id", "ts");

    private static long extract(String format, Object value) {
        return new EventTimeExtractor(SCHEMA, "ts", format).extract(StreamRecord.of(SCHEMA, 0, 1L, value));
    }

    private static String error(String format, Object value) {
        ValueException e = catchThrowableOfType(ValueException.class, () -> extract(format, value));
        assertThat(e).as("expected a ValueException for %s as %s", value, format).isNotNull();
        return e.getMessage();
    }

    @Test
    void epochMillisIsTheDefault() {
        assertThat(extract(null, 1_700_000_000_123L)).isEqualTo(1_700_000_000_123L);
        assertThat(extract("", 42L)).isEqualTo(42L);
        assertThat(extract("EPOCH_MILLIS", 42L)).isEqualTo(42L);
    }

    @Test
    void epochMillisAcceptsNumbersOfEveryKindAndNumericText() {
        assertThat(extract("epoch_millis", Decimal.parse("1500.9"))).isEqualTo(1500L);
        assertThat(extract("epoch_millis", 1500.9)).isEqualTo(1500L);
        assertThat(extract("epoch_millis", " 1500 ")).isEqualTo(1500L);
        assertThat(extract("epoch_millis", "1500.5")).isEqualTo(1500L);
    }

    @Test
    void negativeEpochTimesFloorToTheMillisecond() {
        assertThat(extract("epoch_millis", -5L)).isEqualTo(-5L);
        assertThat(extract("epoch_seconds", -2L)).isEqualTo(-2000L);
        assertThat(extract("epoch_seconds", -1.5)).isEqualTo(-1500L);
        assertThat(extract("epoch_seconds", Decimal.parse("-0.0005"))).isEqualTo(-1L);
        assertThat(extract("epoch_millis", "-0.5")).isEqualTo(-1L);
    }

    @Test
    void epochSecondsScalesToMillis() {
        assertThat(extract("epoch_seconds", 1_700_000_000L)).isEqualTo(1_700_000_000_000L);
        assertThat(extract("epoch_seconds", Decimal.parse("1700000000.123"))).isEqualTo(1_700_000_000_123L);
        assertThat(extract("epoch_seconds", 1.25)).isEqualTo(1250L);
        assertThat(extract("epoch_seconds", "1700000000")).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void iso8601ReadsInstantsOffsetsAndLocalTimesAsUtc() {
        assertThat(extract("iso8601", "2024-01-02T03:04:05.123Z")).isEqualTo(Instant.parse("2024-01-02T03:04:05.123Z").toEpochMilli());
        assertThat(extract("iso8601", "2024-01-02T03:04:05+02:00")).isEqualTo(Instant.parse("2024-01-02T01:04:05Z").toEpochMilli());
        assertThat(extract("iso8601", "2024-01-02 03:04:05")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z").toEpochMilli());
        assertThat(extract("ISO8601", "1969-12-31T23:59:59Z")).isEqualTo(-1000L);
    }

    @Test
    void patternWithoutZoneIsUtcAndWithOffsetUsesIt() {
        assertThat(extract("yyyy-MM-dd HH:mm:ss", "2024-01-02 03:04:05")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z").toEpochMilli());
        assertThat(extract("dd/MMM/yyyy:HH:mm:ss Z", "02/Jan/2024:03:04:05 +0100")).isEqualTo(Instant.parse("2024-01-02T02:04:05Z").toEpochMilli());
    }

    @Test
    void datePatternGivesTheStartOfTheDayAndReadsNumbersAsText() {
        assertThat(extract("yyyyMMdd", "20240102")).isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
        // CSV infers 20240102 as an INTEGER.
        assertThat(extract("yyyyMMdd", 20240102L)).isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoch_millis", "epoch_seconds", "iso8601", "yyyy-MM-dd"})
    void timestampValuesAreTakenAsTheyAre(String format) {
        assertThat(extract(format, Instant.ofEpochMilli(-1234L))).isEqualTo(-1234L);
    }

    @Test
    void nullIsAnErrorNamingTheField() {
        assertThat(error("epoch_millis", null)).isEqualTo("event time field 'ts' is NULL");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "iso8601             | abc        | cannot parse event time 'abc' as iso8601",
            "epoch_millis        | abc        | cannot parse event time 'abc' as epoch_millis",
            "epoch_seconds       | 12x        | cannot parse event time '12x' as epoch_seconds",
            "epoch_millis        | ' '        | cannot parse event time ' ' as epoch_millis",
            "epoch_millis        | 1.2.3      | cannot parse event time '1.2.3' as epoch_millis",
            "yyyy-MM-dd          | 2024/01/02 | cannot parse event time '2024/01/02' as pattern 'yyyy-MM-dd'",
    })
    void unreadableTextIsAnErrorNamingTheValueAndFormat(String format, String value, String message) {
        assertThat(error(format, value)).isEqualTo(message);
    }

    @Test
    void nonTextValuesOutOfRangeOrOfTheWrongTypeAreErrors() {
        assertThat(error("iso8601", 5L)).isEqualTo("cannot parse event time '5' as iso8601");
        assertThat(error("epoch_seconds", Long.MAX_VALUE)).startsWith("cannot parse event time '9223372036854775807'");
        assertThat(error("epoch_millis", Double.NaN)).startsWith("cannot parse event time");
        assertThat(error("epoch_millis", Boolean.TRUE)).isEqualTo("cannot parse event time 'true' as epoch_millis");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoch_milis", "xyz", "HH:mm", "yyyy"})
    void unknownFormatsAreRejectedUpFront(String format) {
        assertThatThrownBy(() -> EventTimeExtractor.validateFormat(format))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown event time format '" + format + "'")
                .hasMessageContaining("expected epoch_millis, epoch_seconds, iso8601 or a date-time pattern");
        assertThatThrownBy(() -> new EventTimeExtractor(SCHEMA, "ts", format)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoch_millis", "Epoch_Seconds", "iso8601", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"})
    void knownFormatsValidate(String format) {
        EventTimeExtractor.validateFormat(format);
    }

    @Test
    void openSchemaGetsTheFieldOnceAndRecordsNarrowerThanItReadNull() {
        Schema open = Schema.open();
        open.add("id", SqlType.ANY);
        EventTimeExtractor x = new EventTimeExtractor(open, "ts", null);
        assertThat(x.slot()).isEqualTo(1);
        assertThat(open.slotOf("ts")).isEqualTo(1);
        assertThat(x.extract(StreamRecord.of(open, 0, 1L, 99L))).isEqualTo(99L);
        assertThatThrownBy(() -> x.extract(StreamRecord.of(open, 0, 1L)))
                .isInstanceOf(ValueException.class).hasMessage("event time field 'ts' is NULL");
    }

    @Test
    void fieldIsResolvedCaseInsensitivelyAndAClosedSchemaWithoutItIsRejected() {
        assertThat(new EventTimeExtractor(SCHEMA, "TS", null).slot()).isEqualTo(1);
        assertThatThrownBy(() -> new EventTimeExtractor(SCHEMA, "when", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event time field 'when' is not a field of");
    }
}
