package io.velostream.benchmarks.jmh;

import io.velostream.benchmarks.MemoryJob;
import io.velostream.benchmarks.SeedRecords;
import io.velostream.engine.record.StreamRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stateless queries over 1M in-memory records through the real job loop (compile, read batch →
 * operators → write → commit), one thread, batch 1000, on the seed report's record shape
 * ({@link SeedRecords}). Score = records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class StatelessQueryBenchmark {
    static final int RECORDS = 1_000_000;

    @Param({"SELECT * FROM test_stream",
            "SELECT id, category, amount * 2 AS double_amount FROM test_stream WHERE amount > 500.00"})
    public String query;

    private List<StreamRecord> records;

    @Setup
    public void setUp() {
        records = SeedRecords.generate(RECORDS);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long run() {
        return MemoryJob.run(query, "", records);
    }
}
