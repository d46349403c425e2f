package io.velostream.engine.internal.exec.time;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"5000, 5000", "0, 0", "500ms, 500", "30s, 30000", "5m, 300000", "1h, 3600000", "1d, 86400000",
            "' 2 S ', 2000", "10MS, 10"})
    void parsesMillisAndUnits(String text, long millis) {
        assertThat(Durations.parseMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-5s", "1.5s", "5 min", "5w", "abc", "5s5"})
    void rejectsOtherText(String text) {
        assertThatThrownBy(() -> Durations.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '" + text
                        + "': expected milliseconds (5000) or a whole number with a unit ms, s, m, h or d (500ms, 30s, 5m, 1h, 1d)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807s", "99999999999999999999"})
    void rejectsOverflow(String text) {
        assertThatThrownBy(() -> Durations.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '" + text + "' is too large");
    }

    @org.junit.jupiter.api.Test
    void rejectsNull() {
        assertThatThrownBy(() -> Durations.parseMillis(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
