package io.velostream.engine.io.kafka;

import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import org.apache.kafka.common.KafkaException;

import java.util.function.Supplier;

/** Creating a Kafka client with errors that name the endpoint. */
final class KafkaClients {
    private KafkaClients() {
    }

    /** @throws IllegalArgumentException when the client rejects its properties */
    static <T> T create(EndpointSpec spec, Supplier<T> client) {
        try {
            return client.get();
        } catch (KafkaException e) {
            // The constructor wraps the real reason ("Failed to construct kafka consumer").
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw EndpointOptions.invalid(spec, "invalid Kafka client properties: " + root.getMessage());
        }
    }
}
