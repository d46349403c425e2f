package io.velostream.test.kafka;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.util.List;

/**
 * The same scenario on the embedded KRaft broker, so it runs without Docker: the broker is given
 * to Spring Boot as a {@link KafkaConnectionDetails} bean, the very object {@code @ServiceConnection}
 * registers for a container.
 */
@SpringBootTest(properties = BrokerScenario.SQL)
@EmbeddedKafka(partitions = 1, topics = {"orders", "big_orders"})
class EmbeddedKafkaConnectionDetailsTest extends BrokerScenario {
    @TestConfiguration
    static class BrokerConnection {
        @Bean
        KafkaConnectionDetails kafkaConnectionDetails(EmbeddedKafkaBroker broker) {
            return () -> List.of(broker.getBrokersAsString().split(","));
        }
    }
}
