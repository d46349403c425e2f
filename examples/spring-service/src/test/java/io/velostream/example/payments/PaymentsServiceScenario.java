package io.velostream.example.payments;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service against a real broker: payments in on a topic, masked large payments out on
 * another, alerts in the {@link AlertWriter} bean. Run twice, on an embedded broker
 * ({@link PaymentsEmbeddedKafkaTest}, everywhere) and on a Testcontainers Kafka
 * ({@link PaymentsContainerTest}, where Docker is); each finds the broker through Spring Boot's
 * {@link KafkaConnectionDetails}.
 */
abstract class PaymentsServiceScenario {
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    KafkaConnectionDetails connection;
    @Autowired
    AlertWriter alerts;

    @Test
    void masksLargePaymentsOntoATopicAndAlertsThroughTheServicesOwnSink() throws Exception {
        kafka.send("payments", "{\"id\": 1, \"account\": \"acc-1\", \"card\": \"4111111111111111\", \"amount\": 1500}");
        kafka.send("payments", "{\"id\": 2, \"account\": \"acc-1\", \"card\": \"4111111111111111\", \"amount\": 20}");
        kafka.send("payments", "{\"id\": 3, \"account\": \"acc-1\", \"card\": \"4111111111111111\", \"amount\": 3000}");
        kafka.send("payments", "{\"id\": 4, \"account\": \"acc-1\", \"card\": \"4111111111111111\", \"amount\": 1200}").get();

        assertThat(read("large_payments", 3)).containsExactly(
                "{\"id\":1,\"account\":\"acc-1\",\"card\":\"************1111\",\"amount\":1500}",
                "{\"id\":3,\"account\":\"acc-1\",\"card\":\"************1111\",\"amount\":3000}",
                "{\"id\":4,\"account\":\"acc-1\",\"card\":\"************1111\",\"amount\":1200}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(alerts.raised()).containsExactly(new Alert("acc-1", 3, 5700)));
    }

    private List<String> read(String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", String.join(",", connection.getBootstrapServers()),
                "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= count;
            });
        }
        return values;
    }
}
