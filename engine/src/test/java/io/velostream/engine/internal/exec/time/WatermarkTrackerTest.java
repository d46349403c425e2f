package io.velostream.engine.internal.exec.time;

import io.velostream.engine.internal.exec.time.WatermarkTracker.Strategy;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatermarkTrackerTest {
    /** A wall clock the test moves by hand. */
    private long now = 1_000_000L;

    private WatermarkTracker tracker(Strategy strategy, long outOfOrderness, long idleTimeout) {
        return new WatermarkTracker(strategy, outOfOrderness, idleTimeout, () -> now);
    }

    @Test
    void isMinValueBeforeAnyRecord() {
        assertThat(tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 5, 0).current()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void singlePartitionIsMaxSeenMinusOutOfOrderness() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 1_000, 0);
        w.observe(StreamRecord.NO_PARTITION, 10_000);
        assertThat(w.current()).isEqualTo(9_000);
        w.observe(StreamRecord.NO_PARTITION, 8_000); // out of order: does not move it
        assertThat(w.current()).isEqualTo(9_000);
        w.observe(StreamRecord.NO_PARTITION, 12_500);
        assertThat(w.current()).isEqualTo(11_500);
    }

    @Test
    void negativeEventTimesWork() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 100, 0);
        w.observe(StreamRecord.NO_PARTITION, -5_000);
        assertThat(w.current()).isEqualTo(-5_100);
    }

    @Test
    void ascendingIgnoresOutOfOrderness() {
        WatermarkTracker w = tracker(Strategy.ASCENDING, 1_000, 0);
        w.observe(0, 10_000);
        assertThat(w.current()).isEqualTo(10_000);
    }

    @Test
    void slowestPartitionHoldsTheWatermarkBack() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 0, 0);
        w.observe(0, 50_000);
        w.observe(1, 20_000);
        assertThat(w.current()).isEqualTo(20_000);
        w.observe(1, 70_000);
        assertThat(w.current()).isEqualTo(50_000);
    }

    @Test
    void partitionsBeyondTheInitialCapacityAreTracked() {
        WatermarkTracker w = tracker(Strategy.ASCENDING, 0, 0);
        w.observe(40, 5);
        w.observe(3, 9);
        assertThat(w.current()).isEqualTo(5);
    }

    @Test
    void neverGoesBackwards() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 0, 0);
        w.observe(0, 50_000);
        assertThat(w.current()).isEqualTo(50_000);
        w.observe(1, 10_000); // a new, slower partition appears
        assertThat(w.current()).isEqualTo(50_000);
        w.observe(1, 60_000);
        w.observe(0, 55_000);
        assertThat(w.current()).isEqualTo(55_000);
    }

    @Test
    void idlePartitionStopsHoldingTheWatermarkBackUntilItResumes() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 0, 5_000);
        w.observe(0, 10_000);
        w.observe(1, 30_000);
        assertThat(w.current()).isEqualTo(10_000);

        now += 4_999;
        w.observe(1, 40_000);
        assertThat(w.current()).as("partition 0 not idle yet").isEqualTo(10_000);

        now += 1; // 5 000 ms since partition 0's last record
        assertThat(w.current()).isEqualTo(40_000);

        w.observe(0, 12_000); // resumes behind: held back again, but not backwards
        assertThat(w.current()).isEqualTo(40_000);
        w.observe(1, 50_000);
        w.observe(0, 45_000);
        assertThat(w.current()).isEqualTo(45_000);
    }

    @Test
    void whenEveryPartitionIsIdleTheMaxOverAllCounts() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 1_000, 5_000);
        w.observe(0, 10_000);
        w.observe(1, 30_000);
        now += 10_000;
        assertThat(w.current()).isEqualTo(29_000);
    }

    @Test
    void withoutIdleTimeoutAPartitionHoldsBackForever() {
        WatermarkTracker w = tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 0, 0);
        w.observe(0, 10_000);
        w.observe(1, 30_000);
        now += 1_000_000_000L;
        assertThat(w.current()).isEqualTo(10_000);
    }

    @Test
    void strategyParsesAnyCaseAndListsValidValues() {
        assertThat(Strategy.parse("bounded_out_of_orderness")).isEqualTo(Strategy.BOUNDED_OUT_OF_ORDERNESS);
        assertThat(Strategy.parse(" Ascending ")).isEqualTo(Strategy.ASCENDING);
        assertThatThrownBy(() -> Strategy.parse("punctuated"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown watermark.strategy 'punctuated': expected bounded_out_of_orderness or ascending");
    }

    @Test
    void rejectsNegativeSettingsAndPartitions() {
        assertThatThrownBy(() -> tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker(Strategy.BOUNDED_OUT_OF_ORDERNESS, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker(Strategy.ASCENDING, 0, 0).observe(-2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
