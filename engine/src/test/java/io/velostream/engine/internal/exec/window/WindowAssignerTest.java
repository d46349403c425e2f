package io.velostream.engine.internal.exec.window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowAssignerTest {

    private static long[] starts(WindowAssigner a, long t) {
        long[] buf = new long[a.maxWindowsPerRecord()];
        int n = a.assign(t, buf);
        return Arrays.copyOf(buf, n);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "9999, 0", "10000, 10000", "19999, 10000", "-1, -10000", "-10000, -10000", "-10001, -20000"})
    void tumblingWindowsAreEpochAlignedAndHalfOpen(long t, long start) {
        WindowAssigner a = WindowAssigner.tumbling(10_000, 0);
        assertThat(a.maxWindowsPerRecord()).isEqualTo(1);
        assertThat(starts(a, t)).containsExactly(start);
        assertThat(a.end(start)).isEqualTo(start + 10_000);
    }

    @Test
    void slidingWithDividingAdvanceGivesSizeOverAdvanceWindows() {
        WindowAssigner a = WindowAssigner.sliding(10_000, 5_000, 0);
        assertThat(a.maxWindowsPerRecord()).isEqualTo(2);
        assertThat(starts(a, 12_000)).containsExactly(5_000, 10_000);
        assertThat(starts(a, 10_000)).containsExactly(5_000, 10_000);
        assertThat(starts(a, 9_999)).containsExactly(0, 5_000);
        assertThat(starts(a, -1)).containsExactly(-10_000, -5_000);
    }

    @Test
    void slidingWithNonDividingAdvanceGivesExactlyTheWindowsContainingT() {
        WindowAssigner a = WindowAssigner.sliding(10_000, 3_000, 0);
        assertThat(a.maxWindowsPerRecord()).isEqualTo(4);
        assertThat(starts(a, 9_000)).containsExactly(0, 3_000, 6_000, 9_000);
        assertThat(starts(a, 10_000)).containsExactly(3_000, 6_000, 9_000);
        assertThat(starts(a, 11_999)).containsExactly(3_000, 6_000, 9_000);
        assertThat(starts(a, 12_000)).containsExactly(3_000, 6_000, 9_000, 12_000);
        for (long t = -50_000; t < 50_000; t += 7) {
            for (long s : starts(a, t)) {
                assertThat(Math.floorMod(s, 3_000L)).isZero();
                assertThat(s).isLessThanOrEqualTo(t);
                assertThat(t).isLessThan(s + 10_000);
            }
        }
    }

    @Test
    void slidingWithAdvanceBeyondSizeLeavesGaps() {
        WindowAssigner a = WindowAssigner.sliding(2_000, 5_000, 0);
        assertThat(a.maxWindowsPerRecord()).isEqualTo(1);
        assertThat(starts(a, 6_999)).containsExactly(5_000);
        assertThat(starts(a, 7_000)).isEmpty();
    }

    @Test
    void rejectsNonPositiveSizesAndNegativeGrace() {
        assertThatThrownBy(() -> WindowAssigner.tumbling(0, 0)).hasMessage("TUMBLING window size must be positive: 0 ms");
        assertThatThrownBy(() -> WindowAssigner.sliding(10, 0, 0)).hasMessage("SLIDING window advance must be positive: 0 ms");
        assertThatThrownBy(() -> WindowAssigner.session(-1, 0)).hasMessage("SESSION window gap must be positive: -1 ms");
        assertThatThrownBy(() -> WindowAssigner.tumbling(10, -1)).hasMessage("GRACE PERIOD must not be negative: -1 ms");
    }

    @ParameterizedTest
    @CsvSource({
            // end, grace, watermark, closes
            "10000, 0,    9999,  false",
            "10000, 0,    10000, true",
            "10000, 2000, 11999, false",
            "10000, 2000, 12000, true",
            "-10000, 0,   -10000, true",
            "10000, 0, -9223372036854775808, false",
            "9223372036854775000, 5000, 9223372036854775806, false",
            "9223372036854775000, 5000, 9223372036854775807, true",
    })
    void closesWhenTheWatermarkReachesEndPlusGrace(long end, long grace, long watermark, boolean closes) {
        assertThat(WindowAssigner.closes(end, grace, watermark)).isEqualTo(closes);
        assertThat(WindowAssigner.isLate(end, grace, watermark)).isEqualTo(closes);
    }

    @Test
    void endOfInputClosesEveryWindow() {
        assertThat(WindowAssigner.closes(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aRecordNeverMakesItsOwnWindowLate() {
        // Ascending: the watermark after the record at 9 999 is 9 999, before [0, 10000)'s end.
        WindowAssigner a = WindowAssigner.tumbling(10_000, 0);
        long t = 9_999;
        long[] s = new long[1];
        a.assign(t, s);
        assertThat(WindowAssigner.isLate(a.end(s[0]), 0, t)).isFalse();
        assertThat(WindowAssigner.isLate(a.end(s[0]), 0, 10_000)).isTrue();
    }
}
