package io.velostream.test.kafka;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** {@code @ServiceConnection} on a Kafka container; skipped where no Docker engine is found. */
@SpringBootTest(properties = BrokerScenario.SQL)
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerServiceConnectionTest extends BrokerScenario {
    @Container
    @ServiceConnection
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.1.0");
}
