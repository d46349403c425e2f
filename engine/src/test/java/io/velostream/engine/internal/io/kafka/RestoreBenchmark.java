package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.job.JobMetrics;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Map;

/**
 * How long a task takes to restore a GROUP BY's changelog partition (docs/benchmarks.md): not a
 * test, a main run by hand on the embedded broker. A bounded GROUP BY {@code _key} job counts
 * {@code keys} distinct keys (one partition: one task), writing a changelog record per key; a second
 * run of the same application reads nothing new and restores every key before its first batch.
 * Arguments: the number of keys (default 1,000,000).
 */
final class RestoreBenchmark {
    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
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
                    WITH ('batch.size' = '10000', 'commit.interval' = '1000',
                          'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true',
                          'orders.group.id' = 'restore-benchmark',
                          'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(in, out);
            ApplicationCompiler.Options options = new ApplicationCompiler.Options(null, "restore.sql",
                    Map.of("bootstrap.servers", KafkaTestSupport.broker.getBrokersAsString()));
            long start = System.nanoTime();
            JobMetrics counted = new ApplicationRunner().runAll(ApplicationCompiler.withBuiltins().prepare(sql, options))
                    .get("totals");
            System.out.printf("counted %,d records into %d ms%n", counted.recordsIn(), (System.nanoTime() - start) / 1_000_000);
            for (int run = 1; run <= 3; run++) {
                start = System.nanoTime();
                JobMetrics restored = new ApplicationRunner().runAll(
                        ApplicationCompiler.withBuiltins().prepare(sql, options)).get("totals");
                System.out.printf("run %d: restored %,d changelog records, read %d new, in %d ms (compile, restore, end)%n",
                        run, restored.recordsRestored(), restored.recordsIn(), (System.nanoTime() - start) / 1_000_000);
            }
        } finally {
            KafkaTestSupport.stopBroker();
        }
    }
}
