package io.velostream.benchmarks.jmh;

import io.velostream.benchmarks.MemoryJob;
import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.Changelog;
import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreFactory;
import io.velostream.engine.internal.exec.state.rocksdb.RocksDbStores;
import io.velostream.engine.job.StateSettings;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * GROUP BY (EMIT CHANGES) on the in-memory store against the RocksDB store (docs/scaling.md#stores), over
 * {@code keys} distinct keys drawn at random: batches of 1000 records through the compiled operator, each
 * batch committed (changes flushed, then committed: RocksDB written) as a job in simple mode does. The
 * changelog discards what it is given, so the figure is the store's and not Kafka's. RocksDB's cache has
 * its default bound (16 MiB per store), far less than 1M groups. Score = input records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class StoreBenchmark {
    static final int BATCH = 1000;
    /** Records generated up front and cycled through. */
    static final int RECORDS = 1 << 20;
    private static final Schema SCHEMA = Schema.of(List.of("k", "v"), List.of(SqlType.INTEGER, SqlType.INTEGER));
    private static final Changelog DISCARD = new Changelog() {
        @Override
        public void append(byte[] key, byte[] value) {
        }

        @Override
        public long replay(long from, BiConsumer<byte[], byte[]> record) {
            return 0;
        }

        @Override
        public long written() {
            return -1;
        }
    };

    @Param({"memory", "rocksdb"})
    public String store;

    @Param({"10000", "1000000"})
    public int keys;

    private final List<List<StreamRecord>> batches = new ArrayList<>();
    private final List<StreamRecord> out = new ArrayList<>(BATCH);
    private StateStores stores;
    private Operator groupBy;
    private Path dir;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (int b = 0; b < RECORDS / BATCH; b++) {
            List<StreamRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(StreamRecord.of(SCHEMA, 0, (long) random.nextInt(keys), (long) random.nextInt(1000)));
            }
            batches.add(batch);
        }
        groupBy = MemoryJob.prepare("SELECT k, COUNT(*) AS n, SUM(v) AS total FROM test_stream GROUP BY k EMIT CHANGES",
                "", Map.of("test_stream", batches.get(0))).job().inputs().get(0).operator();
        dir = Files.createTempDirectory("store-benchmark");
        StoreFactory factory = store.equals("rocksdb")
                ? new RocksDbStores(dir, StateSettings.DEFAULT_CACHE_MAX_BYTES) : StoreFactory.MEMORY;
        stores = new StateStores();
        ChangelogStores provider = new ChangelogStores(stores, name -> DISCARD, Map.of(), factory);
        for (Operator o : Chain.flatten(groupBy)) {
            if (o instanceof StatefulOperator stateful) {
                stateful.useStore(provider);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        stores.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        out.clear();
        groupBy.process(batches.get(next), out);
        next = (next + 1) % batches.size();
        stores.flush();
        stores.committed();
        return out.size();
    }
}
