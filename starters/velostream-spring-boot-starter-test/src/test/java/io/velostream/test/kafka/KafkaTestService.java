package io.velostream.test.kafka;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A service with one job, {@code big_orders}, between two Kafka topics (the tests' velostream.sql). */
@SpringBootApplication
class KafkaTestService {
}
