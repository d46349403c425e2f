package io.velostream.engine.io.kafka;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.DeadLetterQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

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

    /*
     * The clients behind a job's endpoints, so a service can bind their metrics (Micrometer's
     * KafkaClientMetrics) and read a source's lag. Only a client's metrics() may be read from
     * another thread than the job's: a consumer is not thread-safe.
     */

    /** The consumer of a {@code kafka_source} reader, or null for any other reader. */
    public static Consumer<?, ?> consumer(DataReader reader) {
        return reader instanceof KafkaReader k ? k.consumer() : null;
    }

    /** The topic a {@code kafka_source} reader reads, or null for any other reader. */
    public static String topic(DataReader reader) {
        return reader instanceof KafkaReader k ? k.topic() : null;
    }

    /** The producer of a {@code kafka_sink} writer, or null for any other writer. */
    public static Producer<?, ?> producer(DataWriter writer) {
        return writer instanceof KafkaWriter k ? k.producer() : null;
    }

    /** The producer a dead-letter queue opened for itself, or null when it shares the sink's. */
    public static Producer<?, ?> producer(DeadLetterQueue queue) {
        return queue instanceof KafkaDeadLetters d ? d.ownProducer() : null;
    }
}
