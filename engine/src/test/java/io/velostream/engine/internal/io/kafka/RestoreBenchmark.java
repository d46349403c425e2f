package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.job.JobMetrics;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How long a task takes to restore a GROUP BY's changelog partition (docs/benchmarks.md): not a
 * test, a main run by hand on the embedded broker. A bounded GROUP BY {@code _key} job counts
 * {@code keys} distinct keys (one partition: one task), writing a changelog record per key; a second
 * run of the same application reads nothing new and restores every key before its first batch.
 * Arguments: the number of keys (default 1,000,000) and the store, {@code memory} (default) or
 * {@code rocksdb}: then restarts 1 and 2 open an empty state directory each, as a task that moves
 * to an instance without its state (the whole changelog into RocksDB), and restart 3 reopens
 * restart 2's, as an instance restarting on its volume (docs/scaling.md#stores).
 */
final class RestoreBenchmark {
    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String store = args.length > 1 ? args[1] : "memory";
        KafkaTestSupport.startBroker();
        try {
            String in = KafkaTestSupport.topic(1);
            String out = KafkaTestSupport.topic(1);
            for (int i = 0; i < keys; i++) {
                KafkaTestSupport.producer.send(new ProducerRecord<>(in, KafkaTestSupport.utf8("k" + i),
                        KafkaTestSupport.utf8("{\"id\":" + i + "}")));
            }
            KafkaTestSupport.producer.flush();
            String sql = """
                    CREATE STREAM totals AS SELECT _key AS k, COUNT(*) AS n FROM orders GROUP BY _key
                    WITH ('batch.size' = '10000', 'commit.interval' = '1000', 'state.store' = '%s', 'state.dir' = '%s',
                          'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true',
                          'orders.group.id' = 'restore-benchmark',
                          'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""";
            Path dir = Files.createTempDirectory("restore-benchmark");
            ApplicationCompiler.Options options = new ApplicationCompiler.Options(null, "restore.sql",
                    Map.of("bootstrap.servers", KafkaTestSupport.broker.getBrokersAsString()));
            long start = System.nanoTime();
            JobMetrics counted = new ApplicationRunner().runAll(ApplicationCompiler.withBuiltins().prepare(
                    sql.formatted(store, dir, in, out), options)).get("totals");
            System.out.printf("counted %,d records into %d ms%n", counted.recordsIn(), (System.nanoTime() - start) / 1_000_000);
            for (int run = 1; run <= 3; run++) {
                if (run < 3) {
                    dir = Files.createTempDirectory("restore-benchmark");
                }
                start = System.nanoTime();
                JobMetrics restored = new ApplicationRunner().runAll(
                        ApplicationCompiler.withBuiltins().prepare(sql.formatted(store, dir, in, out), options)).get("totals");
                System.out.printf("run %d (%s%s): restored %,d changelog records, read %d new, in %d ms (compile, restore, end)%n",
                        run, store, store.equals("rocksdb") ? run < 3 ? ", empty state dir" : ", restart 2's state dir" : "", restored.recordsRestored(), restored.recordsIn(), (System.nanoTime() - start) / 1_000_000);
            }
        } finally {
            KafkaTestSupport.stopBroker();
        }
    }
}
