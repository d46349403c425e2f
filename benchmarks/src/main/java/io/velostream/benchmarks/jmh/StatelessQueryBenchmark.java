package io.velostream.benchmarks.jmh;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Stateless queries over 1M in-memory records through the real job loop (compile, read batch →
 * operators → write → commit), one thread, batch 1000. The record shape is the seed report's:
 * id, category (50 values), amount, ts. Score = records per second.
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
        return SeedRecords.runQuery(query, records);
    }

    /** The seed report's input and a job over it with an in-memory source and a counting sink. */
    static final class SeedRecords {
        private SeedRecords() {
        }

        static List<StreamRecord> generate(int n) {
            Schema schema = Schema.of(List.of("id", "category", "amount", "ts"),
                    List.of(SqlType.INTEGER, SqlType.STRING, SqlType.DECIMAL, SqlType.INTEGER));
            String[] categories = new String[50];
            for (int i = 0; i < categories.length; i++) {
                categories[i] = "category_" + i;
            }
            SplittableRandom random = new SplittableRandom(42);
            List<StreamRecord> list = new ArrayList<>(n);
            long start = 1_700_000_000_000L;
            for (int i = 0; i < n; i++) {
                long ts = start + i * 10L;
                list.add(StreamRecord.of(schema, ts, (long) i, categories[i % categories.length],
                        Decimal.of(random.nextLong(1, 100_000), 2), ts));
            }
            return list;
        }

        static long runQuery(String sql, List<StreamRecord> records) {
            CountingWriter sink = new CountingWriter();
            Connectors connectors = Connectors.builtIn()
                    .register(new ConnectorFactory() {
                        @Override
                        public String type() {
                            return "memory";
                        }

                        @Override
                        public DataReader openReader(EndpointSpec spec) {
                            return new MemoryReader(records);
                        }

                        @Override
                        public DataWriter openWriter(EndpointSpec spec) {
                            return sink;
                        }
                    });
            String app = sql + " INTO sink WITH ('test_stream.type' = 'memory', 'sink.type' = 'memory', 'batch.size' = '1000')";
            PreparedApplication prepared = ApplicationCompiler.withBuiltins(connectors)
                    .prepare(app, new ApplicationCompiler.Options(Path.of("."), null, Map.of()));
            new JobRunner().run(prepared.nextJob());
            return sink.count;
        }
    }

    /** Counts what it is given and keeps nothing, so the sink costs no more than a call. */
    static final class CountingWriter implements DataWriter {
        long count;

        @Override
        public void write(List<StreamRecord> batch) {
            count += batch.size();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
