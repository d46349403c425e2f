package io.velostream.example.payments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A payments service: the jobs of {@code src/main/resources/sql} run against the Kafka of
 * {@code spring.kafka.bootstrap-servers}, with the service's own function ({@link MaskCard}) and
 * sink ({@link AlertWriter}).
 */
@SpringBootApplication
public class PaymentsApplication {
    public static void main(String[] args) {
        SpringApplication.run(PaymentsApplication.class, args);
    }
}
