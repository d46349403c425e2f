package io.velostream.benchmarks.jmh;

import io.velostream.benchmarks.JoinRecords;
import io.velostream.benchmarks.MemoryJob;
import io.velostream.engine.record.StreamRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Joins through the real job loop, one thread, batch 1000. Compiling the query — and so loading
 * the table — happens before each invocation and is not measured: the score is the join's
 * steady rate, in input records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class JoinBenchmark {
    static final int ORDERS = 1_000_000;
    static final int CUSTOMERS = 100_000;
    /** Orders and payments each: the interval join reads 2 × this many records. */
    static final int INTERVAL_SIDE = 500_000;

    private static final String ENRICH = "SELECT o.id, o.amount, c.name, c.tier FROM test_stream o %s customers c"
            + " ON o.customer_id = c.id";

    /** 1M orders against a 100K-row table. Score = stream records per second. */
    @State(Scope.Benchmark)
    public static class StreamTable {
        @Param({"JOIN", "LEFT JOIN"})
        public String join;

        private List<StreamRecord> orders;
        private List<StreamRecord> customers;
        private MemoryJob job;

        @Setup
        public void records() {
            orders = JoinRecords.orders(ORDERS, CUSTOMERS);
            customers = JoinRecords.customers(CUSTOMERS);
        }

        @Setup(Level.Invocation)
        public void prepare() {
            job = MemoryJob.prepare(String.format(ENRICH, join), "'customers.primary_key' = 'id', ",
                    Map.of("test_stream", orders, "customers", customers));
        }
    }

    /** 500K orders and 500K payments, each payment 2 s after its order. Score = records per second over both. */
    @State(Scope.Benchmark)
    public static class Interval {
        private List<StreamRecord> orders;
        private List<StreamRecord> payments;
        private MemoryJob job;

        @Setup
        public void records() {
            orders = JoinRecords.orders(INTERVAL_SIDE, CUSTOMERS);
            payments = JoinRecords.payments(INTERVAL_SIDE);
        }

        @Setup(Level.Invocation)
        public void prepare() {
            job = MemoryJob.prepare("SELECT o.id, o.amount, p.paid FROM test_stream o JOIN payments p"
                            + " ON o.id = p.order_id WITHIN 5s", "'event.time.field' = 'ts', ",
                    Map.of("test_stream", orders, "payments", payments));
        }
    }

    @Benchmark
    @OperationsPerInvocation(ORDERS)
    public long streamTable(StreamTable s) {
        return s.job.run();
    }

    @Benchmark
    @OperationsPerInvocation(2 * INTERVAL_SIDE)
    public long intervalJoin(Interval s) {
        return s.job.run();
    }
}
