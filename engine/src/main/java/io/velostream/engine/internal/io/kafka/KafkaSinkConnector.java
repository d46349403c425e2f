package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.CsvEncoder;
import io.velostream.engine.internal.io.format.JsonEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code kafka_sink}: writes to a topic with one producer per writer. Options (see docs/kafka.md):
 * {@code topic} (default: the endpoint name), {@code format}, {@code bootstrap.servers},
 * {@code delimiter} (csv), {@code avro.schema}/{@code avro.schema.file}, {@code protobuf.schema}, {@code schema.registry.*}
 * (docs/formats.md#schema-registry), {@code partitions} (the topic's
 * partition count: created so when missing, checked when present), and any Kafka producer property. The producer is created only when a writer is opened.
 */
public final class KafkaSinkConnector implements ConnectorFactory {
    public static final String TYPE = "kafka_sink";
    private static final Logger log = LoggerFactory.getLogger(KafkaSinkConnector.class);
    private static final long DESCRIBE_TIMEOUT_SECONDS = 30;

    /** Durable and without duplicates from retries; a little lingering fills batches. Client properties override. */
    private static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));

    /** The producer defaults, then the service's client properties (objects allowed); the endpoint's options override both. */
    private final Map<String, Object> defaults;

    public KafkaSinkConnector() {
        this(Map.of());
    }

    public KafkaSinkConnector(Map<String, ?> service) {
        Map<String, Object> d = new HashMap<>(PRODUCER_DEFAULTS);
        d.putAll(service);
        this.defaults = Map.copyOf(d);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DataWriter openWriter(EndpointSpec spec) throws IOException {
        KafkaOptions options = new KafkaOptions(spec);
        ValueEncoder encoder = encoder(spec, options);
        Map<String, Object> props = options.clientProperties(defaults);
        Integer partitions = options.partitions();
        if (partitions != null) {
            // Records keyed for one partition count must not land in a topic of another (docs/scaling.md#repartition).
            KafkaTopics.ensure(props, options.topic(), partitions, options.topicConfigs(),
                    spec.type() + " '" + spec.name() + "': topic");
        }
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
        return new KafkaWriter(spec, options.topic(), producer, encoder, props,
                maxRecordBytes(props, options.topic()), spec.errors());
    }

    /**
     * The largest record the topic accepts: its {@code max.message.bytes} and the producer's
     * {@code max.request.size}, whichever is smaller. A larger record is a record error the job's
     * failure strategy handles before it is sent (docs/kafka.md#failure-strategies-and-the-dead-letter-topic):
     * sent, it would fail its whole batch, or in transactional mode the transaction. When the topic
     * cannot be described (no such topic yet, no permission) the producer's limit alone applies.
     */
    private static int maxRecordBytes(Map<String, Object> props, String topic) {
        Object request = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int limit = request == null ? 1024 * 1024 : Integer.parseInt(request.toString());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(KafkaChangelog.only(props, AdminClientConfig.configNames()))) {
            ConfigEntry max = admin.describeConfigs(List.of(resource)).all().get(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (max != null && max.value() != null) {
                limit = Math.min(limit, Integer.parseInt(max.value()));
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.debug("kafka sink topic '{}': max.message.bytes unknown, using max.request.size {}: {}", topic, limit,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return limit;
    }

    private static ValueEncoder encoder(EndpointSpec spec, KafkaOptions options) throws IOException {
        ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
        return switch (options.format()) {
            case JSON -> new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
            case CSV -> new ValueEncoders.Lines(buffer, new CsvEncoder(buffer, EndpointOptions.delimiter(spec), false));
            case STRING -> new ValueEncoders.SingleColumn(false);
            case BYTES -> new ValueEncoders.SingleColumn(true);
            case AVRO -> options.usesRegistry()
                    ? new RegistryAvro.Encoder(options.registry(), subject(options), options.recordNameStrategy(),
                            recordName(spec.name()), options.avroSchemaIfGiven(), buffer)
                    : new AvroFormat.Encoder(options.avroSchema(), buffer);
            case PROTOBUF -> new RegistryProtobuf.Encoder(options.registry(), subject(options), options.recordNameStrategy(),
                    recordName(spec.name()), options.protobufSchemaIfGiven(), buffer);
            case JSON_SR -> new RegistryJson.Encoder(options.registry(), subject(options), options.recordNameStrategy(),
                    recordName(spec.name()), buffer);
            case VELOSTREAM -> new RowFormat.Encoder();
        };
    }

    /** The subject under TopicNameStrategy (docs/formats.md#schema-registry). */
    private static String subject(KafkaOptions options) {
        return options.topic() + "-value";
    }

    /** The derived record's name: the sink's name with what Avro and Protobuf names cannot hold replaced by '_'. */
    private static String recordName(String sinkName) {
        String n = sinkName.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(n.charAt(0)) ? "_" + n : n;
    }
}
