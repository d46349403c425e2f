package io.velostream.app.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Velostream service ({@code velostream serve}): the starter runs {@code velostream.sql}
 * against {@code spring.kafka.*}; with no Kafka configured, against an embedded broker with a demo.
 */
@SpringBootApplication
public class VelostreamService {
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(VelostreamService.class);
        application.addListeners(new EmbeddedDefault());
        application.run(args);
    }
}
