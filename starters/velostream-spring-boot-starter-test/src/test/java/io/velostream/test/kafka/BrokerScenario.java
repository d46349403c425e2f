package io.velostream.test.kafka;

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
 * A job of the service between two topics of whatever broker {@link KafkaConnectionDetails}
 * names: no {@code spring.kafka.bootstrap-servers} is set, so records flow only if the jobs' Kafka
 * clients take the broker from the connection details, as {@code @ServiceConnection} supplies them.
 */
abstract class BrokerScenario {
    static final String SQL = "velostream.sql=CREATE STREAM big_orders AS SELECT id, amount FROM orders WHERE amount > 100;";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    KafkaConnectionDetails connection;

    @Test
    void theJobReadsAndWritesTheBrokerOfTheConnectionDetails() throws Exception {
        kafka.send("orders", "{\"id\": 1, \"amount\": 50}");
        kafka.send("orders", "{\"id\": 2, \"amount\": 150}").get();

        assertThat(read("big_orders")).containsExactly("{\"id\":2,\"amount\":150}");
    }

    private List<String> read(String topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", String.join(",", connection.getBootstrapServers()),
                "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }
}
