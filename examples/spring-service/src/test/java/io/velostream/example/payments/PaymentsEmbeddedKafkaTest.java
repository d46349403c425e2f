package io.velostream.example.payments;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The service on Spring Kafka's embedded KRaft broker: needs nothing but the JVM, so it always runs. */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 1, topics = {"payments", "large_payments"})
class PaymentsEmbeddedKafkaTest extends PaymentsServiceScenario {
}
