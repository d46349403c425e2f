package io.velostream.benchmarks.e2e;

/**
 * How many processing threads and instances a contender runs with (issue 12's scaling rows,
 * docs/benchmarks.md): Velostream's {@code 'threads'} WITH key (docs/scaling.md#threads) and Kafka
 * Streams' {@code num.stream.threads}; several instances are child JVMs of one application (one
 * consumer group) sharing the input's partitions.
 */
public enum Scale {
    ONE(1, 1, "1 instance × 1 thread"),
    TWO_THREADS(2, 1, "1 instance × 2 threads"),
    TWO_INSTANCES(1, 2, "2 instances × 1 thread");

    final int threads;
    final int instances;
    final String label;

    Scale(int threads, int instances, String label) {
        this.threads = threads;
        this.instances = instances;
        this.label = label;
    }

    /** instances×threads, for narrow table headers. */
    String abbreviation() {
        return instances + "×" + threads;
    }
}
