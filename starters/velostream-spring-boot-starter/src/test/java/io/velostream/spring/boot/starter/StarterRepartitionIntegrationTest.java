package io.velostream.spring.boot.starter;

import io.velostream.spring.boot.autoconfigure.VelostreamEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service whose GROUP BY reads a topic of four partitions not keyed by its groups: it runs as two
 * jobs, {@code totals4-repartition} and {@code totals4}, both transactional, each with its own
 * consumer group, and the totals are exact (docs/scaling.md#repartition).
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "velostream.application-id=rp",
        "velostream.mode=transactional",
        "velostream.sql=classpath:sql/repartition.sql",
        "management.endpoint.velostream.access=unrestricted",
        "management.endpoints.web.exposure.include=health,velostream",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
@EmbeddedKafka(partitions = 4, topics = {"payments4", "totals4"}, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class StarterRepartitionIntegrationTest {
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    VelostreamEndpoint endpoint;

    @Test
    void aGroupByOverSeveralPartitionsRunsAsARepartitionAndAnAggregation() throws Exception {
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            String customer = "c" + (i % 5);
            kafka.send("payments4", UUID.randomUUID().toString(), "{\"customer\": \"" + customer + "\", \"amount\": " + i + "}");
            expected.merge(customer, i, Integer::sum);
        }
        kafka.flush();

        Map<String, Integer> totals = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString(), "isolation.level", "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                tps.add(new TopicPartition("totals4", p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String total = r.value().replaceAll(".*\"total\":(\\d+).*", "$1");
                    totals.put(r.key(), Integer.parseInt(total));
                }
                return totals.equals(expected);
            });
        }
        assertThat(endpoint.job("totals4-repartition").mode()).isEqualTo("transactional");
        assertThat(endpoint.job("totals4").mode()).isEqualTo("transactional");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()))) {
            List<String> groups = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).toList();
            assertThat(groups).as("each stage its own group, derived from its job's name")
                    .contains("rp-totals4-repartition-payments4")
                    .anyMatch(g -> g.startsWith("rp-totals4-") && g.endsWith("-totals4-repartition-0"));
        }
    }

    @SpringBootApplication
    static class TestService {
    }
}
