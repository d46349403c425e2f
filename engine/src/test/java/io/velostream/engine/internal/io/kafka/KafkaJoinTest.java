package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.job.Job;
import org.apache.kafka.clients.admin.Admin;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.sql.SqlException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Joins over Kafka topics, compiled and run by the job loop in both modes against a real broker. */
@Timeout(90)
class KafkaJoinTest extends KafkaTestSupport {
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

    @ParameterizedTest
    @CsvSource({"simple, LEFT", "simple, INNER", "transactional, LEFT", "transactional, INNER"})
    void streamTableJoinOverACompactedTopicWithTombstones(String mode, String join) throws Exception {
        String customers = topic(1, COMPACTED);
        String orders = topic(2);
        String out = topic(1);
        send(customers, "1", "{\"id\":1,\"name\":\"Ann\",\"tier\":\"gold\"}");
        send(customers, "2", "{\"id\":2,\"name\":\"Bob\",\"tier\":\"silver\"}");
        send(customers, "3", "{\"id\":3,\"name\":\"Cy\",\"tier\":\"bronze\"}");
        send(customers, "2", null); // tombstone: Bob is gone
        send(customers, "1", "{\"id\":1,\"name\":\"Ann\",\"tier\":\"platinum\"}");
        String[] customerOf = {"1", "2", "3", "9"};
        for (int i = 0; i < customerOf.length; i++) {
            send(orders, null, "{\"order_id\":" + (10 + i) + ",\"customer_id\":" + customerOf[i] + "}");
        }
        String group = group();
        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM enriched AS SELECT o.order_id, c.name, c.tier
                FROM orders o %s JOIN customers c ON o.customer_id = c.id
                WITH ('mode' = '%s', 'batch.size' = '2',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'customers.type' = 'kafka_table', 'customers.topic' = '%s', 'customers.primary_key' = 'id',
                      'enriched.type' = 'kafka_sink', 'enriched.topic' = '%s')""".formatted(join, mode, orders, group, customers, out));

        List<String> expected = join.equals("LEFT")
                ? List.of("{\"order_id\":10,\"name\":\"Ann\",\"tier\":\"platinum\"}", "{\"order_id\":11,\"name\":null,\"tier\":null}",
                "{\"order_id\":12,\"name\":\"Cy\",\"tier\":\"bronze\"}", "{\"order_id\":13,\"name\":null,\"tier\":null}")
                : List.of("{\"order_id\":10,\"name\":\"Ann\",\"tier\":\"platinum\"}", "{\"order_id\":12,\"name\":\"Cy\",\"tier\":\"bronze\"}");
        assertThat(values(committed(out))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(metrics.get("enriched").recordsIn()).isEqualTo(4);
        // The stream's offsets are committed (in the transaction, in that mode); the table's never are.
        assertThat(committedOffsets(group, orders)).isEqualTo(4);
        assertThat(committedOffsets("velostream-customers", customers)).isZero();
    }

    @Test
    void transactionalModeRejectsAJoinedStreamThatIsNoKafkaTopic() {
        assertThatThrownBy(() -> prepare("""
                CREATE STREAM paid AS SELECT o.order_id, p.paid FROM orders o JOIN payments p ON o.order_id = p.order_id WITHIN 10s
                WITH ('mode' = 'transactional', 'orders.type' = 'kafka_source', 'orders.topic' = 'x',
                      'payments.type' = 'file_source', 'payments.path' = 'payments.jsonl',
                      'paid.type' = 'kafka_sink', 'paid.topic' = 'y')"""))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("transactional mode needs Kafka endpoints: 'payments' is file_source, not kafka_source");
    }

    @ParameterizedTest
    @CsvSource({"simple, LEFT", "simple, INNER", "transactional, LEFT", "transactional, INNER"})
    void tableChangesWhileTheJobRunsApplyToLaterStreamRecords(String mode, String join) throws Exception {
        String customers = topic(1, COMPACTED);
        String orders = topic(1);
        String out = topic(1);
        send(customers, "1", "{\"id\":1,\"name\":\"Ann\",\"tier\":\"gold\"}");
        send(customers, "2", "{\"id\":2,\"name\":\"Bob\",\"tier\":\"silver\"}");
        Job job = prepare("""
                CREATE STREAM enriched AS SELECT o.order_id, c.name, c.tier
                FROM orders o %s JOIN customers c ON o.customer_id = c.id
                WITH ('mode' = '%s', 'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'customers.type' = 'kafka_table', 'customers.topic' = '%s', 'customers.primary_key' = 'id',
                      'enriched.type' = 'kafka_sink', 'enriched.topic' = '%s')""".formatted(join, mode, orders, group(), customers, out))
                .nextJob();
        JobRunner runner = new JobRunner();
        CompletableFuture<JobMetrics> running = CompletableFuture.supplyAsync(() -> runner.run(job));
        try (Output output = new Output(out)) {
            send(orders, null, "{\"order_id\":1,\"customer_id\":1}");
            assertThat(output.next()).isEqualTo("{\"order_id\":1,\"name\":\"Ann\",\"tier\":\"gold\"}");

            // Changes while the job runs, in topic order: Bob deleted, then Ann upgraded.
            send(customers, "2", null);
            send(customers, "1", "{\"id\":1,\"name\":\"Ann\",\"tier\":\"platinum\"}");
            // Probe with Ann's orders until the upgrade shows: the tombstone before it is applied by then.
            String probe;
            int id = 100;
            do {
                send(orders, null, "{\"order_id\":" + id + ",\"customer_id\":1}");
                probe = output.next();
                assertThat(probe).isIn("{\"order_id\":" + id + ",\"name\":\"Ann\",\"tier\":\"gold\"}",
                        "{\"order_id\":" + id + ",\"name\":\"Ann\",\"tier\":\"platinum\"}");
                assertThat(++id).as("the table change never reached the job").isLessThan(200);
            } while (probe.contains("gold"));

            send(orders, null, "{\"order_id\":2,\"customer_id\":2}");
            send(orders, null, "{\"order_id\":3,\"customer_id\":1}");
            if (join.equals("LEFT")) {
                assertThat(output.next()).isEqualTo("{\"order_id\":2,\"name\":null,\"tier\":null}");
            }
            assertThat(output.next()).isEqualTo("{\"order_id\":3,\"name\":\"Ann\",\"tier\":\"platinum\"}");
        } finally {
            runner.stop();
            running.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void intervalJoinOfTwoTopicsWithOutOfOrderRows(String mode) throws Exception {
        String orders = topic(1);
        String payments = topic(1);
        String out = topic(1);
        // Each side is out of order by less than the 5 s the watermark allows.
        long[][] orderRows = {{1, 1_000}, {2, 3_000}, {3, 2_000}, {4, 20_000}, {5, 40_000}};
        long[][] paymentRows = {{2, 5_000, 20}, {1, 4_000, 10}, {3, 30_000, 30}, {4, 26_000, 40}, {6, 41_000, 60}};
        for (long[] o : orderRows) {
            send(orders, null, "{\"order_id\":" + o[0] + ",\"ts\":" + o[1] + "}");
        }
        for (long[] p : paymentRows) {
            send(payments, null, "{\"order_id\":" + p[0] + ",\"ts\":" + p[1] + ",\"paid\":" + p[2] + "}");
        }
        String ordersGroup = group();
        String paymentsGroup = group();
        run("""
                CREATE STREAM paid AS SELECT o.order_id, p.order_id AS payment_for, p.paid
                FROM orders o FULL OUTER JOIN payments p
                  ON o.order_id = p.order_id AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND
                WITH ('mode' = '%s', 'batch.size' = '2', 'event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '5s',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'payments.type' = 'kafka_source', 'payments.topic' = '%s', 'payments.bounded' = 'true', 'payments.group.id' = '%s',
                      'paid.type' = 'kafka_sink', 'paid.topic' = '%s')""".formatted(mode, orders, ordersGroup, payments,
                paymentsGroup, out));

        // Order 3's payment comes 28 s after it, outside [0 s, 10 s]: both are emitted unmatched.
        assertThat(values(committed(out))).containsExactlyInAnyOrder(
                "{\"order_id\":1,\"payment_for\":1,\"paid\":10}", "{\"order_id\":2,\"payment_for\":2,\"paid\":20}",
                "{\"order_id\":4,\"payment_for\":4,\"paid\":40}", "{\"order_id\":3,\"payment_for\":null,\"paid\":null}",
                "{\"order_id\":5,\"payment_for\":null,\"paid\":null}", "{\"order_id\":null,\"payment_for\":3,\"paid\":30}",
                "{\"order_id\":null,\"payment_for\":6,\"paid\":60}");
        // Both inputs committed their offsets (in transactional mode, each in the transaction of its batches).
        assertThat(committedOffsets(ordersGroup, orders)).isEqualTo(5);
        assertThat(committedOffsets(paymentsGroup, payments)).isEqualTo(5);
    }

    /** The sum of the group's committed offsets over the topic's partitions. */
    private static long committedOffsets(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /** The output topic read as it grows, read_committed. */
    private static final class Output implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<String> pending = new ArrayList<>();

        Output(String topic) {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.getBrokersAsString(),
                    "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
        }

        /** The next output record's value; fails after 20 s. */
        String next() {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no further output");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    pending.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return pending.remove(0);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
