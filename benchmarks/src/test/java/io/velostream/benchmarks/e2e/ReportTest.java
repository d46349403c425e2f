package io.velostream.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer report's medians, spreads and ratios, from runs made up here (no broker). */
class ReportTest {
    /** A run that covered 1,000,000 input records in {@code millis} ms. */
    private static PeerBenchmark.Result run(Contender c, long millis, String mismatch) {
        return new PeerBenchmark.Result(c, Workload.PASS_THROUGH, 1_000_000, 1_000_000, 1_000_000, "count", mismatch,
                0, millis, 2_000_000_000L, 512 * 1024, null);
    }

    private static Runs runs(Contender c, long... millis) {
        return new Runs(c, Arrays.stream(millis).mapToObj(m -> run(c, m, null)).toList(), null);
    }

    @Test
    void medianOfOddAndEvenCountsAndSpread() {
        Runs odd = runs(Contender.RAW_PIPE, 1000, 4000, 2000); // 1M, 250K, 500K rec/s
        assertThat(odd.medianRate()).isEqualTo(500_000);
        assertThat(odd.minRate()).isEqualTo(250_000);
        assertThat(odd.maxRate()).isEqualTo(1_000_000);
        Runs even = runs(Contender.RAW_PIPE, 1000, 4000, 2000, 5000); // + 200K
        assertThat(even.medianRate()).isEqualTo((250_000 + 500_000) / 2.0);
    }

    @Test
    void ratiosAreRatiosOfMediansOfTheSameRunAndGoalsFollowThem() {
        Map<Contender, Runs> passThrough = new EnumMap<>(Contender.class);
        passThrough.put(Contender.RAW_PIPE, runs(Contender.RAW_PIPE, 1000, 1000, 10)); // median 1M, one outlier
        passThrough.put(Contender.VELOSTREAM_SIMPLE, runs(Contender.VELOSTREAM_SIMPLE, 1000, 1250, 1250)); // 800K
        passThrough.put(Contender.VELOSTREAM_TRANSACTIONAL, runs(Contender.VELOSTREAM_TRANSACTIONAL, 2000, 2000, 2000));
        passThrough.put(Contender.STREAMS_AT_LEAST_ONCE, runs(Contender.STREAMS_AT_LEAST_ONCE, 2000, 2000, 2000)); // 500K
        passThrough.put(Contender.STREAMS_EXACTLY_ONCE_V2, runs(Contender.STREAMS_EXACTLY_ONCE_V2, 4000, 4000, 4000));
        String md = Report.markdown(Map.of(Workload.PASS_THROUGH, passThrough), 3, 7, 5000, 10, "0.1 0.2 0.3 1/1 1",
                "1.0 1.1 1.2 1/1 1", LocalDate.of(2026, 12, 5));

        assertThat(md).contains("3 throughput runs per contender and workload in a random order (seed 7)");
        // simple: 800K median, 0.80 of the raw pipe's 1M median (not of its 100M outlier), 1.60× Streams ALO
        assertThat(md).containsPattern("\\| Velostream simple \\| — \\| ✔ count \\| 1,000,000 \\| 800,000 \\| 800,000–1,000,000 \\| 0.80 \\| 1.60 \\|");
        // transactional 500K against Streams EOS 250K
        assertThat(md).containsPattern("\\| Velostream transactional \\| — \\| .* \\| 500,000 \\| .* \\| 0.50 \\| 2.00 \\|");
        assertThat(md).contains("| Velostream simple ≥ 90 % of the raw pipe | 0.80 | ✘ |")
                .contains("| Velostream simple ≥ 1.5× Kafka Streams at_least_once (same producer settings) | 1.60 | ✔ |")
                .contains("| Velostream transactional ≥ 80 % of simple | 0.63 | ✘ |");
    }

    @Test
    void aMismatchInAnyRunMarksTheContender() {
        Runs mixed = new Runs(Contender.VELOSTREAM_SIMPLE, List.of(run(Contender.VELOSTREAM_SIMPLE, 1000, null),
                run(Contender.VELOSTREAM_SIMPLE, 1000, "id 7 twice")), null);
        assertThat(mixed.mismatch()).isEqualTo("id 7 twice");
        String md = Report.markdown(Map.of(Workload.PASS_THROUGH, Map.of(Contender.VELOSTREAM_SIMPLE, mixed)), 2, 1,
                5000, 10, "0 0 0", "0 0 0", LocalDate.of(2026, 12, 5));
        assertThat(md).contains("✘ id 7 twice");
    }
}
