package io.velostream.engine.io.kafka;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.kafka.KafkaSinkConnector;
import io.velostream.engine.internal.io.kafka.KafkaSourceConnector;

import java.util.Map;

/**
 * The Kafka connector's public face: its endpoint types, and adding them to a registry (a service
 * wraps them to pass its client properties). Its readers and writers are used through the
 * {@code io} capabilities they implement ({@link io.velostream.engine.io.CommittableSource},
 * {@link io.velostream.engine.io.TransactionalWriter}, {@link io.velostream.engine.io.SharingWriter},
 * {@link io.velostream.engine.io.ClientBacked}). Registering needs no broker: a consumer or
 * producer is created only when a job opens a reader or writer.
 */
public final class KafkaConnectors {
    /** The endpoint types: a topic read, a topic written. */
    public static final String SOURCE_TYPE = KafkaSourceConnector.TYPE;
    public static final String SINK_TYPE = KafkaSinkConnector.TYPE;
    /**
     * A source option: {@code 'true'} declares the topic keyed by the string of the job's GROUP BY
     * key, so the job's state is aligned with its partitions and it runs as tasks (docs/scaling.md#tasks).
     */
    public static final String KEYED_BY_GROUP = "keyed_by_group";

    private KafkaConnectors() {
    }

    /** Registers {@code kafka_source} and {@code kafka_sink}; returns {@code connectors}. */
    public static Connectors register(Connectors connectors) {
        return register(connectors, Map.of(), Map.of());
    }

    /**
     * Registers {@code kafka_source} and {@code kafka_sink} whose consumers and producers start from
     * the given client properties, beneath the endpoint's WITH options: a service's settings that
     * have no text form, such as the {@code SslBundle} Spring Boot passes to its SSL engine factory
     * (docs/kafka.md#security).
     */
    public static Connectors register(Connectors connectors, Map<String, ?> consumerProperties,
                                      Map<String, ?> producerProperties) {
        return connectors.register(new KafkaSourceConnector(consumerProperties))
                .register(new KafkaSinkConnector(producerProperties));
    }

    /** The topic a Kafka endpoint reads or writes: its {@code topic} option, else its name (docs/sql.md#sources-and-sinks-with). */
    public static String topic(EndpointSpec spec) {
        return spec.option("topic", spec.name());
    }
}
