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
    /** A run that covered 1,000,000 input records in {@code millis} ms, its work shared by all its consumers. */
    private static PeerBenchmark.Result run(Contender c, Scale scale, long millis, String mismatch) {
        return run(c, scale, millis, mismatch, scale == Scale.ONE ? -1 : scale.threads * scale.instances);
    }

    private static PeerBenchmark.Result run(Contender c, Scale scale, long millis, String mismatch, int consumers) {
        return new PeerBenchmark.Result(c, scale, Workload.PASS_THROUGH, 1_000_000, 1_000_000, 1_000_000, "count",
                mismatch, 0, millis, 2_000_000_000L, 512 * 1024, consumers);
    }

    private static Runs runs(Contender c, long... millis) {
        return runs(c, Scale.ONE, millis);
    }

    private static Runs runs(Contender c, Scale scale, long... millis) {
        return new Runs(c, Arrays.stream(millis).mapToObj(m -> run(c, scale, m, null)).toList(), null);
    }

    private static String markdown(Workload workload, Map<Scale, Map<Contender, Runs>> byScale, int reps) {
        return Report.markdown(Map.of(workload, byScale), reps, 7, 5000, 10, "0.1 0.2 0.3 1/1 1", "1.0 1.1 1.2 1/1 1",
                LocalDate.of(2026, 12, 5));
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
        String md = markdown(Workload.PASS_THROUGH, Map.of(Scale.ONE, passThrough), 3);

        assertThat(md).contains("3 throughput runs per contender, scale and workload in a random order (seed 7)")
                .contains("`batch.size=65536`, `enable.idempotence=true`, `linger.ms=5`");
        // simple: 800K median, 0.80 of the raw pipe's 1M median (not of its 100M outlier), 1.60× Streams ALO
        assertThat(md).containsPattern("\\| Velostream simple \\| at-least-once, commit interval 100 ms \\| ✔ count "
                + "\\| 1,000,000 \\| 800,000 \\| 800,000–1,000,000 \\| 0.80 \\| 1.60 \\|");
        // transactional 500K against Streams EOS 250K
        assertThat(md).containsPattern("\\| Velostream transactional \\| exactly-once .* \\| 500,000 \\| .* \\| 0.50 \\| 2.00 \\|");
        assertThat(md).as("no scaling table for a workload on one scale").doesNotContain("scaling**");
        assertThat(md).contains("| Velostream simple ≥ 90 % of the raw pipe | 0.80 | ✘ |")
                .contains("| Velostream simple ≥ 1.5× Kafka Streams at_least_once (same producer settings) | 1.60 | ✔ |")
                .contains("| Velostream transactional ≥ 80 % of simple | 0.63 | ✘ |");
    }

    @Test
    void aMismatchInAnyRunMarksTheContender() {
        Runs mixed = new Runs(Contender.VELOSTREAM_SIMPLE, List.of(run(Contender.VELOSTREAM_SIMPLE, Scale.ONE, 1000, null),
                run(Contender.VELOSTREAM_SIMPLE, Scale.ONE, 1000, "id 7 twice")), null);
        assertThat(mixed.mismatch()).isEqualTo("id 7 twice");
        String md = markdown(Workload.PASS_THROUGH, Map.of(Scale.ONE, Map.of(Contender.VELOSTREAM_SIMPLE, mixed)), 2);
        assertThat(md).contains("✘ id 7 twice");
    }

    /**
     * A workload that scales gets a second table: per contender each scale's median and spread, the
     * scaling factor (÷ its own 1 × 1 median) and the ratio to Streams of the same guarantee on that scale.
     */
    @Test
    void scalingFactorsAreRatiosOfEachContendersOwnMedians() {
        Map<Scale, Map<Contender, Runs>> groupBy = new EnumMap<>(Scale.class);
        groupBy.put(Scale.ONE, new EnumMap<>(Map.of(
                Contender.VELOSTREAM_SIMPLE, runs(Contender.VELOSTREAM_SIMPLE, 2000, 2000, 2000), // 500K
                Contender.STREAMS_AT_LEAST_ONCE, runs(Contender.STREAMS_AT_LEAST_ONCE, 4000, 4000, 4000)))); // 250K
        groupBy.put(Scale.TWO_THREADS, new EnumMap<>(Map.of(
                Contender.VELOSTREAM_SIMPLE, runs(Contender.VELOSTREAM_SIMPLE, Scale.TWO_THREADS, 1250, 1000, 2000), // 800K
                Contender.STREAMS_AT_LEAST_ONCE, runs(Contender.STREAMS_AT_LEAST_ONCE, Scale.TWO_THREADS, 2000, 2000, 2000))));
        groupBy.put(Scale.TWO_INSTANCES, new EnumMap<>(Map.of(
                Contender.VELOSTREAM_SIMPLE, runs(Contender.VELOSTREAM_SIMPLE, Scale.TWO_INSTANCES, 2500, 2500, 2500)))); // 400K
        String md = markdown(Workload.GROUP_BY, groupBy, 3);

        assertThat(md).contains("**GROUP_BY**\n\n" + Report.STATE_NOTE).contains("**GROUP_BY, scaling**")
                .contains("| Contender | Check | 1 instance × 1 thread rec/s [min–max] | 1 instance × 2 threads rec/s "
                        + "[min–max] | ÷ 1×1 | vs Streams, same guarantee | 2 instances × 1 thread rec/s [min–max] "
                        + "| ÷ 1×1 | vs Streams, same guarantee | CPU µs/rec (1×1 / 1×2 / 2×1) |");
        // 800K / 500K = 1.60 on 2 threads, 1.60× Streams' 500K there; 400K / 500K = 0.80 on 2 instances, no Streams peer
        assertThat(md).contains("| Velostream simple | ✔ | 500,000 [500,000–500,000] | 800,000 [500,000–1,000,000] "
                + "| 1.60 | 1.60 | 400,000 [400,000–400,000] | 0.80 | — | 2.00 / 2.00 / 2.00 |");
        assertThat(md).contains("| Kafka Streams at_least_once | ✔ | 250,000 [250,000–250,000] | 500,000 "
                + "[500,000–500,000] | 2.00 | — | — | — | — | 2.00 / 2.00 / — |");
    }

    /** A scaled run in which one consumer held every input partition for a while is flagged; a run without output has no rate. */
    @Test
    void scalingRowsFlagRunsThatDidNotShareTheWorkAndShowNoRateForNoOutput() {
        Runs one = runs(Contender.VELOSTREAM_TRANSACTIONAL, 2000);
        Runs unshared = new Runs(Contender.VELOSTREAM_TRANSACTIONAL, List.of(
                run(Contender.VELOSTREAM_TRANSACTIONAL, Scale.TWO_INSTANCES, 2000, null, 2),
                run(Contender.VELOSTREAM_TRANSACTIONAL, Scale.TWO_INSTANCES, 2000, null, 1)), null);
        String md = markdown(Workload.TUMBLING_WINDOW, new EnumMap<>(Map.of(
                Scale.ONE, Map.of(Contender.VELOSTREAM_TRANSACTIONAL, one),
                Scale.TWO_INSTANCES, Map.of(Contender.VELOSTREAM_TRANSACTIONAL, unshared))), 2);
        assertThat(md).contains("| Velostream transactional | ✔ ⚠ 2 instances × 1 thread: at times only 1 of 2 consumers "
                + "held input partitions | 500,000 [500,000–500,000] | 500,000 [500,000–500,000] | 1.00 | — |");

        Runs silent = runs(Contender.STREAMS_AT_LEAST_ONCE, 0); // no output: first and last append are equal
        assertThat(markdown(Workload.TUMBLING_WINDOW, Map.of(Scale.ONE, Map.of(Contender.STREAMS_AT_LEAST_ONCE, silent)), 1))
                .contains("| 1,000,000 | — | —–— | — | — |").doesNotContain("NaN");
    }
}
