package io.velostream.benchmarks.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The repeated throughput runs of one contender on one workload, and its live run (null when none):
 * the report gives medians with their spread (min–max) and computes ratios from medians.
 */
record Runs(Contender contender, List<PeerBenchmark.Result> results, PeerBenchmark.Latency latency) {
    Runs {
        if (results.isEmpty()) {
            throw new IllegalArgumentException(contender + " has no runs");
        }
    }

    double medianRate() {
        return median(PeerBenchmark.Result::recordsPerSecond);
    }

    double minRate() {
        return sorted(PeerBenchmark.Result::recordsPerSecond)[0];
    }

    double maxRate() {
        double[] rates = sorted(PeerBenchmark.Result::recordsPerSecond);
        return rates[rates.length - 1];
    }

    /** The median of {@code value} over the runs (the mean of the middle two for an even count). */
    double median(ToDoubleFunction<PeerBenchmark.Result> value) {
        double[] v = sorted(value);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** What differed from the reference in the first run whose output did, or null when every run's output was right. */
    String mismatch() {
        return results.stream().map(PeerBenchmark.Result::mismatch).filter(Objects::nonNull).findFirst().orElse(null);
    }

    PeerBenchmark.Result first() {
        return results.get(0);
    }

    private double[] sorted(ToDoubleFunction<PeerBenchmark.Result> value) {
        double[] v = results.stream().mapToDouble(value).toArray();
        Arrays.sort(v);
        return v;
    }
}
