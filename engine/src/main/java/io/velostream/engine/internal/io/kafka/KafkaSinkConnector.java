package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.CsvEncoder;
import io.velostream.engine.internal.io.format.JsonEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.util.Map;

/**
 * {@code kafka_sink}: writes to a topic with one producer per writer. Options (see docs/kafka.md):
 * {@code topic} (default: the endpoint name), {@code format}, {@code bootstrap.servers},
 * {@code delimiter} (csv), {@code avro.schema}/{@code avro.schema.file}, and any Kafka producer
 * property. The producer is created only when a writer is opened.
 */
public final class KafkaSinkConnector implements ConnectorFactory {
    public static final String TYPE = "kafka_sink";

    /** Durable and without duplicates from retries; a little lingering fills batches. Client properties override. */
    private static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DataWriter openWriter(EndpointSpec spec) throws IOException {
        KafkaOptions options = new KafkaOptions(spec);
        ValueEncoder encoder = encoder(spec, options);
        Map<String, Object> props = options.clientProperties(PRODUCER_DEFAULTS);
        if (props.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            // An instance that dies leaves its transaction open, holding read_committed readers back until the
            // coordinator aborts it; its id may never be used again to fence it (docs/scaling.md#instance-ids).
            props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(options.transactionTimeoutMillis()));
        }
        KafkaProducer<byte[], byte[]> producer = KafkaClients.create(spec,
                () -> new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
        if (props.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            try {
                // Fences an older instance with the same id and aborts the transaction it left open.
                producer.initTransactions();
            } catch (KafkaException e) {
                producer.close();
                throw new IOException(spec.type() + " '" + spec.name() + "': cannot initialise transactions: "
                        + e.getMessage(), e);
            }
        }
        return new KafkaWriter(spec.name(), options.topic(), producer, encoder, props);
    }

    private static ValueEncoder encoder(EndpointSpec spec, KafkaOptions options) throws IOException {
        ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
        return switch (options.format()) {
            case JSON -> new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
            case CSV -> new ValueEncoders.Lines(buffer, new CsvEncoder(buffer, EndpointOptions.delimiter(spec), false));
            case STRING -> new ValueEncoders.SingleColumn(false);
            case BYTES -> new ValueEncoders.SingleColumn(true);
            case AVRO -> new AvroFormat.Encoder(options.avroSchema(), buffer);
        };
    }
}
