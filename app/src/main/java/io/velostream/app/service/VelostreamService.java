package io.velostream.app.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Velostream service ({@code velostream serve}): the starter runs {@code velostream.sql}
 * against {@code spring.kafka.*}; with no Kafka configured, against an embedded broker with a demo.
 */
@SpringBootApplication
public class VelostreamService {
    public static void main(String[] args) {
        start(args);
    }

    /** Starts the service with Spring Boot's command-line arguments ({@code --key=value}). */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplication(VelostreamService.class);
        application.addListeners(new EmbeddedDefault());
        return application.run(args);
    }
}
