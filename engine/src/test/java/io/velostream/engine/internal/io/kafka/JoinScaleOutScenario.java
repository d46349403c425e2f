package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.velostream.engine.internal.io.kafka.AppInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one application running an interval join as tasks (docs/scaling.md#co-partitioned-joins):
 * partition p of both inputs is one task, its join buffers in changelog partition p; one instance joins,
 * the other dies without committing. Shared by the co-partitioned and the repartitioned case.
 */
abstract class JoinScaleOutScenario extends KafkaTestSupport {
    static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The join's ON. */
    abstract String on();

    /** Whether an order and its payment have the same record key (else random keys). */
    abstract boolean sameKeys();

    /** The repartition topics the join is expected to have made, each with a partition per task. */
    abstract List<String> repartitionTopics();

    /**
     * Every order has one payment: in transactional mode each order's match is in the output read_committed
     * exactly once, in simple mode at least once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void instancesShareTheTasksOfTheJoinOneJoiningAndOneDying(String mode) throws Exception {
        String orders = topic(PARTITIONS);
        String payments = topic(PARTITIONS);
        String out = topic(1);
        String sql = paid(mode, orders, payments, out, on());
        Pairs pairs = new Pairs(orders, payments, sameKeys());
        pairs.produce(40);
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read("paid") > 0, "instance a reads", a);
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                await(() -> {
                    pairs.produce(PARTITIONS * 2);
                    return b.everyJobReads();
                }, "instance b reads in every job", a, b);
                await(() -> {
                    pairs.produce(2); // a applies a revocation at its next batch
                    return a.metrics("paid").tasks() + b.metrics("paid").tasks() == PARTITIONS && a.metrics("paid").tasks() > 0;
                }, () -> "the four tasks shared: a " + a.metrics("paid").tasks() + ", b " + b.metrics("paid").tasks(), a, b);
                a.crash();
                await(() -> {
                    pairs.produce(PARTITIONS * 2); // it dies at its next batch with records
                    return a.crashed();
                }, "a dies without committing", b);
                pairs.produce(60);
                await(() -> ids(out).containsAll(pairs.ids),
                        () -> "every order matched: " + ids(out).size() + " of " + pairs.ids.size(), b);
                assertThat(b.metrics("paid").tasks()).as("b runs every task").isEqualTo(PARTITIONS);
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
        for (String topic : repartitionTopics()) {
            assertThat(partitions(application + topic)).as(topic).isEqualTo(PARTITIONS);
        }
    }

    static String paid(String mode, String orders, String payments, String out, String on) {
        return """
                CREATE STREAM paid AS SELECT o.id, p.paid FROM orders o JOIN payments p ON %s WITHIN 1h
                WITH ('mode' = '%s', 'batch.size' = '10', 'event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '1h',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'payments.type' = 'kafka_source', 'payments.topic' = '%s', 'payments.group.id' = '%s',
                      'paid.type' = 'kafka_sink', 'paid.topic' = '%s')""".formatted(on, mode, orders, group(), payments,
                group(), out);
    }

    /** Orders and their payments, keyed by the order's key (so Kafka puts both in partitions of the same number) or at random. */
    private static final class Pairs {
        final String orders;
        final String payments;
        final boolean sameKeys;
        final List<Long> ids = new ArrayList<>();
        final long base = System.currentTimeMillis();

        Pairs(String orders, String payments, boolean sameKeys) {
            this.orders = orders;
            this.payments = payments;
            this.sameKeys = sameKeys;
        }

        void produce(int n) {
            for (int i = 0; i < n; i++) {
                long id = ids.size();
                long ts = base + id * 10;
                byte[] key = utf8(sameKeys ? "order-" + id : UUID.randomUUID().toString());
                producer.send(new ProducerRecord<>(orders, key, utf8("{\"id\":" + id + ",\"ts\":" + ts + "}")));
                producer.send(new ProducerRecord<>(payments, sameKeys ? key : utf8(UUID.randomUUID().toString()), utf8("{\"id\":" + id + ",\"ts\":" + (ts + 5)
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

    static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
