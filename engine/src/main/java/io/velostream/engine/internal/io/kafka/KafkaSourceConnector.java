package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.TaskOwners;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kafka_source}: reads a topic with one consumer per reader. Options (see docs/kafka.md):
 * {@code topic} (default: the endpoint name), {@code format}, {@code group.id} (default
 * {@code velostream-<name>}), {@code auto.offset.reset} (default {@code earliest}),
 * {@code bootstrap.servers}, {@code bounded}, {@code columns}/{@code delimiter} (csv),
 * {@code avro.schema}/{@code avro.schema.file}, {@code schema.registry.*} (avro, protobuf, json_sr: docs/formats.md#schema-registry),
 * {@code purge.interval.ms} (delete what was committed, every
 * that many ms: repartition topics), and any Kafka consumer property.
 * The consumer is created only when a reader is opened.
 *
 * <p>A source with a {@code primary_key} is a table (a {@code kafka_table}): read whole, every
 * partition from its beginning whatever its group committed, up to the end offsets, and never
 * committed; the job then {@linkplain io.velostream.engine.io.ChangelogReader#follow follows} it.
 */
public final class KafkaSourceConnector implements ConnectorFactory {
    public static final String TYPE = "kafka_source";

    /** Client properties of the service, beneath the endpoint's options (objects allowed). */
    private final Map<String, ?> service;

    public KafkaSourceConnector() {
        this(Map.of());
    }

    public KafkaSourceConnector(Map<String, ?> service) {
        this.service = Map.copyOf(service);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DataReader openReader(EndpointSpec spec) throws IOException {
        KafkaOptions options = new KafkaOptions(spec);
        String topic = options.topic();
        boolean table = spec.options().containsKey("primary_key");
        boolean bounded = table || options.bounded();
        ValueDecoder decoder = decoder(spec, options);
        Map<String, Object> defaults = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "velostream-" + spec.name(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        defaults.putAll(service);
        Map<String, Object> props = options.clientProperties(defaults);
        // The job commits after its sink flushed (at-least-once); an auto-commit would run ahead of it.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (!"consumer".equalsIgnoreCase(String.valueOf(props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            // Replicas joining or leaving move only the partitions that change hands; the others keep
            // being read (docs/scaling.md). The consumer group protocol (KIP-848) assigns on the broker.
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        TaskOwners owners = owners(spec, props);
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.create(spec,
                () -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        try {
            Map<TopicPartition, Long> endOffsets = null;
            if (bounded) {
                // All partitions, no group membership: a backfill must see every partition, whatever else runs in the group.
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                if (infos == null || infos.isEmpty()) {
                    throw EndpointOptions.invalid(spec, "topic '" + topic + "' does not exist");
                }
                List<TopicPartition> partitions = infos.stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                if (table) {
                    consumer.seekToBeginning(partitions);
                }
                endOffsets = consumer.endOffsets(partitions);
            }
            KafkaReader reader = new KafkaReader(spec.name(), topic, consumer, decoder,
                    Objects.requireNonNull(spec.errors(), "spec.errors()"), options.pollTimeout(), endOffsets);
            if (!bounded) {
                reader.owners(owners);
                consumer.subscribe(List.of(topic), reader);
            }
            Duration purge = options.purgeInterval();
            if (purge != null) {
                reader.purgeCommitted(new KafkaPurger(topic, props, purge, System::currentTimeMillis));
            }
            return reader;
        } catch (KafkaException e) {
            consumer.close();
            throw new IOException(spec.type() + " '" + spec.name() + "': cannot read topic '" + topic + "': "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * With {@code advertised.url} set (a service's {@code velostream.advertised-url}) and the cooperative-sticky
     * assignor, the members exchange who owns which partition through their assignor (docs/scaling.md#interactive-queries);
     * else null.
     */
    private static TaskOwners owners(EndpointSpec spec, Map<String, Object> props) {
        String url = spec.options().get(TaskOwners.ADVERTISED_URL);
        if (url == null || url.isBlank()
                || !CooperativeStickyAssignor.class.getName().equals(props.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))) {
            return null;
        }
        TaskOwners owners = new TaskOwners();
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, OwnersAssignor.class.getName());
        props.put(OwnersAssignor.URL, url.trim());
        props.put(OwnersAssignor.OWNERS, owners);
        return owners;
    }

    private static ValueDecoder decoder(EndpointSpec spec, KafkaOptions options) throws IOException {
        return switch (options.format()) {
            case JSON -> new ValueDecoders.JsonValues();
            case CSV -> csv(spec, options);
            case STRING -> new ValueDecoders.SingleColumn(false);
            case BYTES -> new ValueDecoders.SingleColumn(true);
            case AVRO -> options.usesRegistry() ? registryAvro(spec, options) : new AvroFormat.Decoder(options.avroSchema());
            case PROTOBUF -> registryProtobuf(spec, options);
            case JSON_SR -> new RegistryJson.Decoder(options.registry());
            case VELOSTREAM -> new RowFormat.Decoder();
        };
    }

    /** The SQL schema is fixed at start from the subject's latest schema (docs/formats.md#schema-registry). */
    private static ValueDecoder registryAvro(EndpointSpec spec, KafkaOptions options) throws IOException {
        SchemaRegistryClient registry = options.registry();
        String subject = options.sourceSubject();
        String text = latest(spec, options, registry, "AVRO");
        try {
            return new RegistryAvro.Decoder(registry, AvroFormat.parse(text));
        } catch (IllegalArgumentException e) {
            throw EndpointOptions.invalid(spec, "subject '" + subject + "': " + e.getMessage());
        }
    }

    /** The columns are the fields of the first message of the subject's latest schema at start. */
    private static ValueDecoder registryProtobuf(EndpointSpec spec, KafkaOptions options) throws IOException {
        SchemaRegistryClient registry = options.registry();
        String subject = options.sourceSubject();
        String text = latest(spec, options, registry, "PROTOBUF");
        try {
            com.google.protobuf.Descriptors.FileDescriptor file = ProtoSchemas.parse(text);
            if (file.getMessageTypes().isEmpty()) {
                throw new IllegalArgumentException("the schema declares no message");
            }
            return new RegistryProtobuf.Decoder(registry, ProtoSchemas.columns(file.getMessageTypes().get(0)));
        } catch (IllegalArgumentException e) {
            throw EndpointOptions.invalid(spec, "subject '" + subject + "': " + e.getMessage());
        }
    }

    /** The text of the latest schema of the source's subject, which must be of {@code schemaType}. */
    private static String latest(EndpointSpec spec, KafkaOptions options, SchemaRegistryClient registry, String schemaType)
            throws IOException {
        String subject = options.sourceSubject();
        SchemaRegistryClient.Registered latest;
        try {
            latest = registry.latest(subject);
        } catch (SchemaRegistryClient.NotFound e) {
            throw EndpointOptions.invalid(spec, "no schema registered under subject '" + subject + "' in the registry at "
                    + registry.url() + " (register the topic's schema first, or set 'schema.subject')");
        }
        if (!schemaType.equals(latest.schemaType())) {
            throw EndpointOptions.invalid(spec, "subject '" + subject + "' holds a " + latest.schemaType()
                    + " schema, not " + schemaType);
        }
        return latest.schema();
    }

    private static ValueDecoder csv(EndpointSpec spec, KafkaOptions options) {
        char delimiter = EndpointOptions.delimiter(spec);
        List<String> columns = options.csvColumns();
        try {
            return new ValueDecoders.CsvValues(delimiter, columns);
        } catch (IllegalArgumentException e) {
            throw EndpointOptions.invalid(spec, e.getMessage());
        }
    }
}
