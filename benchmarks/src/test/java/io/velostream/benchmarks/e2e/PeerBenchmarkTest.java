package io.velostream.benchmarks.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer benchmark's harness on a small input: a real standalone broker JVM, and the contenders in
 * child JVMs on a subset of the workloads (pass-through, join, GROUP BY on 2 instances and 2 threads,
 * one group per trade in a RocksDB store), each output checked against the reference computed from
 * the seeded trades — so the contenders' outputs are equal. No timing is asserted; the full run is
 * {@code benchmarks/run-peer-benchmarks.sh}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PeerBenchmarkTest {
    private static final long RECORDS = 100_000;
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
        assertEqualToReference(Workload.PASS_THROUGH, Contender.RAW_PIPE, Contender.VELOSTREAM_SIMPLE);
    }

    /** The store comparison (issue 16): one group per trade, in Velostream's RocksDB store and Streams' in-memory one. */
    @Test
    void groupByIdEndsWithTheSameAggregatesOnRocksDbAndInMemoryStores() throws Exception {
        assertEqualToReference(Workload.GROUP_BY_ID, Contender.VELOSTREAM_SIMPLE_ROCKSDB,
                Contender.STREAMS_AT_LEAST_ONCE_NO_CACHE);
    }

    @Test
    void joinAddsTheSameAccountToEveryTradeForEachContender() throws Exception {
        assertEqualToReference(Workload.JOIN, Contender.VELOSTREAM_SIMPLE, Contender.STREAMS_AT_LEAST_ONCE);
    }

    /**
     * GROUP BY on the scaling rows' setups — two Velostream instances sharing the partitions, two
     * threads, and Streams on two threads —: the same query and topology as on one instance and thread.
     */
    @Test
    void groupByOnTwoInstancesOrTwoThreadsEndsWithTheSameAggregates() throws Exception {
        assertEqualToReference(Workload.GROUP_BY, Scale.TWO_INSTANCES, Contender.VELOSTREAM_TRANSACTIONAL);
        assertEqualToReference(Workload.GROUP_BY, Scale.TWO_THREADS, Contender.VELOSTREAM_SIMPLE,
                Contender.STREAMS_EXACTLY_ONCE_V2);
    }

    private static void assertEqualToReference(Workload workload, Contender... contenders) throws Exception {
        assertEqualToReference(workload, Scale.ONE, contenders);
    }

    private static void assertEqualToReference(Workload workload, Scale scale, Contender... contenders) throws Exception {
        for (Contender contender : contenders) {
            PeerBenchmark.Result result = bench.run(contender, scale, workload);
            assertThat(result.mismatch()).as("%s on %s, %s: output against the reference", contender, workload, scale.label)
                    .isNull();
            assertThat(result.rows()).as("%s on %s wrote output", contender, workload).isPositive();
            assertThat(result.cpuNs()).as("the contender JVM reported its CPU time").isPositive();
            assertThat(result.peakRssKb()).as("the contender JVM reported its peak RSS").isPositive();
        }
    }
}
