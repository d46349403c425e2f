package io.velostream.benchmarks.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer benchmark's harness on a small input: a real standalone broker JVM, and the raw pipe,
 * Velostream simple and Kafka Streams in child JVMs, each writing every expected row exactly once.
 * No timing is asserted; the full run is {@code benchmarks/run-peer-benchmarks.sh}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PeerBenchmarkTest {
    private static final long RECORDS = 200_000;
    private static StandaloneBroker broker;
    private static PeerBenchmark bench;

    @BeforeAll
    static void loadTrades() throws Exception {
        broker = StandaloneBroker.start("512m");
        bench = new PeerBenchmark(broker.bootstrapServers(), RECORDS);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void passThroughOutputsEveryTradeOnceForEachContender() throws Exception {
        assertCompleteAndEqual(Workload.PASS_THROUGH);
    }

    @Test
    void filterProjectionOutputsTheSameTradesForEachContender() throws Exception {
        assertThat(bench.expected(Contender.VELOSTREAM_SIMPLE, Workload.FILTER_PROJECT).count())
                .as("the filter keeps about half the trades").isBetween(RECORDS / 3, RECORDS * 2 / 3);
        assertCompleteAndEqual(Workload.FILTER_PROJECT);
    }

    private static void assertCompleteAndEqual(Workload workload) throws Exception {
        for (Contender contender : List.of(Contender.RAW_PIPE, Contender.VELOSTREAM_SIMPLE, Contender.STREAMS_AT_LEAST_ONCE)) {
            PeerBenchmark.Result result = bench.run(contender, workload);
            assertThat(new PeerBenchmark.Expected(result.count(), result.idSum()))
                    .as("%s on %s: row count and sum of ids", contender, workload)
                    .isEqualTo(bench.expected(contender, workload));
            assertThat(result.cpuNs()).as("the contender JVM reported its CPU time").isPositive();
            assertThat(result.peakRssKb()).as("the contender JVM reported its peak RSS").isPositive();
        }
    }
}
