package io.velostream.engine.io.kafka;

import io.velostream.engine.io.Connectors;

/**
 * Adds the Kafka endpoint types to a registry. Registering needs no broker: a consumer or
 * producer is created only when a job opens a reader or writer.
 */
public final class KafkaConnectors {
    private KafkaConnectors() {
    }

    /** Registers {@code kafka_source} and {@code kafka_sink}; returns {@code connectors}. */
    public static Connectors register(Connectors connectors) {
        return connectors.register(new KafkaSourceConnector()).register(new KafkaSinkConnector());
    }
}
