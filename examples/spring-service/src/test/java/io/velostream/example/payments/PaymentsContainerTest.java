package io.velostream.example.payments;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The service on a Kafka broker in Docker: {@code @ServiceConnection} gives Spring Boot the
 * container's address as {@code KafkaConnectionDetails}, which the jobs' Kafka clients use, so no
 * {@code spring.kafka.bootstrap-servers} is set. Skipped where no Docker engine is found.
 */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class PaymentsContainerTest extends PaymentsServiceScenario {
    @Container
    @ServiceConnection
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.1.0");
}
