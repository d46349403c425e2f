package io.velostream.engine.function.aggregate;

import static io.velostream.engine.function.aggregate.Agg.bind;
import static org.assertj.core.api.Assertions.assertThat;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {
    private static final BoundAggregate APPROX = bind("APPROX_COUNT_DISTINCT", SqlType.ANY);

    private static long estimate(Accumulator acc) {
        return (Long) acc.result();
    }

    private static void assertWithin2Percent(long estimate, long actual) {
        assertThat(Math.abs(estimate - actual) / (double) actual).as("relative error of %d", estimate).isLessThanOrEqualTo(0.02);
    }

    @Test
    void emptyIsZero() {
        assertThat(estimate(APPROX.newAccumulator())).isZero();
        Accumulator acc = APPROX.newAccumulator();
        acc.add(null);
        assertThat(estimate(acc)).isZero();
    }

    @Test
    void smallCountsAreExactOrNearly() {
        Accumulator acc = APPROX.newAccumulator();
        for (int i = 0; i < 3; i++) {
            acc.add("a");
            acc.add("b");
            acc.add(1L);
            acc.add(Decimal.parse("1.0")); // SQL-equal to 1
        }
        assertThat(estimate(acc)).isEqualTo(3);
    }

    @Test
    void hundredThousandDistinctIntegersWithin2Percent() {
        Accumulator acc = APPROX.newAccumulator();
        for (long i = 0; i < 100_000; i++) {
            ((LongInput) acc).addLong(i);
            acc.add(i); // a repeat, boxed, must hash the same
        }
        assertWithin2Percent(estimate(acc), 100_000);
    }

    @Test
    void hundredThousandDistinctStringsWithin2Percent() {
        Accumulator acc = APPROX.newAccumulator();
        for (int i = 0; i < 100_000; i++) {
            acc.add("user-" + i);
        }
        assertWithin2Percent(estimate(acc), 100_000);
    }

    @Test
    void mergeIsTheUnion() {
        Accumulator a = APPROX.newAccumulator();
        Accumulator b = APPROX.newAccumulator();
        for (long i = 0; i < 60_000; i++) {
            a.add(i);
            b.add(i + 40_000);
        }
        a.merge(b);
        assertWithin2Percent(estimate(a), 100_000);
    }

    @Test
    void denseAndSparseStatesRoundTrip() {
        for (int n : new int[] {10, 100_000}) {
            Accumulator acc = APPROX.newAccumulator();
            for (long i = 0; i < n; i++) {
                acc.add(i);
            }
            assertThat(estimate(Agg.roundTrip(APPROX, acc))).isEqualTo(estimate(acc));
        }
    }
}
