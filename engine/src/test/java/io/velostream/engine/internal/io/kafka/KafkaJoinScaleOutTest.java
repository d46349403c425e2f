package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.CompiledApplication;
import io.velostream.engine.sql.SqlException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.velostream.engine.internal.io.kafka.AppInstance.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stream–stream join whose sides are co-partitioned on its key runs as tasks
 * (docs/scaling.md#co-partitioned-joins): partition p of both topics is one task, with its join
 * buffers in changelog partition p. Instances share the tasks; one joins, one dies without committing.
 */
@Timeout(240)
class KafkaJoinScaleOutTest extends KafkaTestSupport {
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every order has one payment with the same key: in transactional mode each order's match is in the output
     * read_committed exactly once, in simple mode at least once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aJoinOnTheRecordKeysRunsAsTasksThatMoveBetweenInstances(String mode) throws Exception {
        String orders = topic(PARTITIONS);
        String payments = topic(PARTITIONS);
        String out = topic(1);
        String sql = paid(mode, orders, payments, out, "o._key = p._key");
        Pairs pairs = new Pairs(orders, payments);
        pairs.produce(40);
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read.get() > 0, "instance a reads", a);
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                await(() -> {
                    pairs.produce(PARTITIONS * 2);
                    return b.read.get() > 0;
                }, "instance b reads", a, b);
                await(() -> {
                    pairs.produce(2); // a applies a revocation at its next batch
                    return a.metrics().tasks() + b.metrics().tasks() == PARTITIONS && a.metrics().tasks() > 0;
                }, () -> "the four tasks shared: a " + a.metrics().tasks() + ", b " + b.metrics().tasks(), a, b);
                a.crash();
                await(() -> {
                    pairs.produce(PARTITIONS * 2); // it dies at its next batch with records
                    return a.crashed();
                }, "a dies without committing", b);
                pairs.produce(60);
                await(() -> ids(out).containsAll(pairs.ids),
                        () -> "every order matched: " + ids(out).size() + " of " + pairs.ids.size(), b);
                assertThat(b.metrics().tasks()).as("b runs every task").isEqualTo(PARTITIONS);
            }
        }
        List<Long> output = outputIds(out);
        if (mode.equals("transactional")) {
            assertThat(output).as("each match exactly once").containsExactlyInAnyOrderElementsOf(pairs.ids);
        } else {
            assertThat(new HashSet<>(output)).as("each match at least once").isEqualTo(new HashSet<>(pairs.ids));
        }
        assertThat(partitions(application + "-paid-join-left-changelog")).as("a changelog partition per task")
                .isEqualTo(PARTITIONS);
        assertThat(partitions(application + "-paid-join-right-changelog")).isEqualTo(PARTITIONS);
    }

    @Test
    void coPartitionedSidesWithDifferentPartitionCountsAreAStartupError() throws Exception {
        String sql = paid("simple", topic(PARTITIONS), topic(PARTITIONS + 2), topic(1), "o._key = p._key");
        assertThatThrownBy(() -> new AppInstance("a", sql, options("a")).close())
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("co-partitioned on the join key")
                .hasMessageContaining("has 4 partitions")
                .hasMessageContaining("has 6")
                .hasMessageContaining("docs/scaling.md#co-partitioned-joins");
    }

    /** The scaling line of {@code validate --explain} (docs/cli.md#validate). */
    @Test
    void validateExplainSaysWhichJoinsRunAsTasks() throws Exception {
        String orders = topic(PARTITIONS);
        String payments = topic(PARTITIONS);
        String sql = paid("transactional", orders, payments, topic(1), "o._key = p._key") + ";\n"
                + paid("transactional", orders, payments, topic(1), "o.id = p.id").replace("STREAM paid", "STREAM byid").replace("'paid.", "'byid.");
        CompiledApplication app = ApplicationCompiler.withBuiltins().check(sql, options());
        assertThat(app.explain().get(0).scaling()).isEqualTo("tasks, one per partition of orders with the same"
                + " partition of payments (co-partitioned join), shared by replicas and threads (docs/scaling.md#tasks)");
        assertThat(app.explain().get(1).scaling()).startsWith("one replica, one thread: its state (stream-stream join buffers)");
    }

    private static String paid(String mode, String orders, String payments, String out, String on) {
        return """
                CREATE STREAM paid AS SELECT o.id, p.paid FROM orders o JOIN payments p ON %s WITHIN 1h
                WITH ('mode' = '%s', 'batch.size' = '10', 'event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '1h',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'payments.type' = 'kafka_source', 'payments.topic' = '%s', 'payments.group.id' = '%s',
                      'paid.type' = 'kafka_sink', 'paid.topic' = '%s')""".formatted(on, mode, orders, group(), payments,
                group(), out);
    }

    /** Orders and their payments, both keyed by the order's key, so Kafka puts both in partitions of the same number. */
    private static final class Pairs {
        final String orders;
        final String payments;
        final List<Long> ids = new ArrayList<>();
        final long base = System.currentTimeMillis();

        Pairs(String orders, String payments) {
            this.orders = orders;
            this.payments = payments;
        }

        void produce(int n) {
            for (int i = 0; i < n; i++) {
                long id = ids.size();
                long ts = base + id * 10;
                byte[] key = utf8("order-" + id);
                producer.send(new ProducerRecord<>(orders, key, utf8("{\"id\":" + id + ",\"ts\":" + ts + "}")));
                producer.send(new ProducerRecord<>(payments, key, utf8("{\"id\":" + id + ",\"ts\":" + (ts + 5)
                        + ",\"paid\":" + id * 10 + "}")));
                ids.add(id);
            }
            producer.flush();
        }
    }

    private static List<Long> outputIds(String topic) {
        List<Long> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            try {
                ids.add(JSON.readTree(r.value()).get("id").asLong());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ids;
    }

    private static Set<Long> ids(String topic) {
        return new HashSet<>(outputIds(topic));
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
