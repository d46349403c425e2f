package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import org.apache.kafka.common.config.TopicConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of a Kafka endpoint (docs/kafka.md#options): Velostream's own keys, read here, and everything else,
 * passed to the Kafka client as a property unchanged.
 */
final class KafkaOptions {
    /** Environment variable consulted when neither the job nor the endpoint sets {@code bootstrap.servers}. */
    static final String BOOTSTRAP_ENV = "VELOSTREAM_BOOTSTRAP_SERVERS";
    /**
     * Prefix that forces an option through to the client with the prefix removed, for a client
     * property whose name collides with a Velostream key ({@code kafka.batch.size}).
     */
    static final String CLIENT_PREFIX = "kafka.";

    /** Prefix of the topic configs a sink creates its topic with ({@code topic.retention.ms}), as Kafka Streams names them. */
    static final String TOPIC_CONFIG_PREFIX = "topic.";

    /**
     * Velostream's keys, endpoint and job level, never passed to the client. Job-level keys reach
     * every endpoint's options, so the job's {@code batch.size} (records) must not become the
     * producer's {@code batch.size} (bytes).
     */
    private static final Set<String> OWN_KEYS = Set.of(
            "type", "topic", "format", "bounded", "columns", "delimiter", "has_headers", "path", "append",
            "mode", "job_mode", "failure_strategy", "max_retries", "retry_backoff", "primary_key",
            "distinct.max_entries", "instance.id", "commit.interval", "subject.name.strategy",
            "keyed_by_group", "partitions", "purge.interval.ms", "advertised.url");
    private static final List<String> OWN_PREFIXES = List.of(
            "avro.", "protobuf.", "schema.", "event.time.", "batch.", "watermark.", "late.data.", "dlq.", "observability.",
            "repartition.", "state.", TOPIC_CONFIG_PREFIX);

    private final EndpointSpec spec;

    KafkaOptions(EndpointSpec spec) {
        this.spec = spec;
    }

    static boolean isOwnKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (OWN_KEYS.contains(k)) {
            return true;
        }
        for (String p : OWN_PREFIXES) {
            if (k.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    String topic() {
        return spec.option("topic", spec.name());
    }

    KafkaFormat format() {
        String name = spec.option("format", "json");
        KafkaFormat f = KafkaFormat.byName(name);
        if (f == null) {
            throw EndpointOptions.invalid(spec, "unknown format '" + name + "'; known formats: " + KafkaFormat.names());
        }
        return f;
    }

    boolean bounded() {
        return EndpointOptions.flag(spec, "bounded", false);
    }

    /** The job's {@code batch.timeout} (ms): how long one read waits for records. */
    Duration pollTimeout() {
        return millis("batch.timeout", "100");
    }

    /** Option {@code key}, a number of milliseconds, else {@code fallback}. */
    private Duration millis(String key, String fallback) {
        String v = spec.option(key, fallback);
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw EndpointOptions.invalid(spec, "option '" + key + "' must be a number of milliseconds, not '" + v + "'");
    }

    /**
     * The producer's default {@code transaction.timeout.ms}: 10 s, as Kafka Streams sets for exactly-once, or
     * twice the job's {@code commit.interval} when that is longer (a transaction stays open for one interval),
     * at most the broker's default {@code transaction.max.timeout.ms}, 15 min.
     */
    long transactionTimeoutMillis() {
        long interval = Long.parseLong(spec.option("commit.interval", "0").trim()); // checked by JobSettings
        return Math.min(Math.max(10_000, 2 * interval), 900_000);
    }

    /**
     * The {@code partitions} option of a sink: the partition count its topic is created with when
     * missing and must have when present (docs/kafka.md#options); null when not set.
     */
    Integer partitions() {
        String v = spec.options().get("partitions");
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw EndpointOptions.invalid(spec, "option 'partitions' must be a positive number, not '" + v + "'");
    }

    /**
     * The configs a sink creates its topic with: {@code cleanup.policy=delete} and each {@code topic.<config>}
     * option without its prefix (docs/kafka.md#options).
     */
    Map<String, String> topicConfigs() {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        spec.options().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(TOPIC_CONFIG_PREFIX)) {
                configs.put(k.substring(TOPIC_CONFIG_PREFIX.length()), v);
            }
        });
        return configs;
    }

    /** The {@code purge.interval.ms} option of a source (docs/kafka.md#options): null when not set. */
    Duration purgeInterval() {
        return spec.options().containsKey("purge.interval.ms") ? millis("purge.interval.ms", null) : null;
    }

    /** The {@code columns} option of CSV values: comma-separated names, or null for column1…n. */
    List<String> csvColumns() {
        String v = spec.options().get("columns");
        if (v == null || v.isBlank()) {
            return null;
        }
        return List.of(v.trim().split("\\s*,\\s*"));
    }

    /** The {@code schema.registry.url} option: the registry's wire format (docs/formats.md#schema-registry). */
    boolean usesRegistry() {
        String url = spec.options().get("schema.registry.url");
        return url != null && !url.isBlank();
    }

    /**
     * The registry of {@code schema.registry.url}, with HTTP basic auth when
     * {@code schema.registry.basic.auth.user.info} ({@code user:password}) is set.
     */
    SchemaRegistryClient registry() {
        String url = registryUrl();
        String userInfo = spec.options().get("schema.registry.basic.auth.user.info");
        if (userInfo != null && userInfo.indexOf(':') < 0) {
            throw EndpointOptions.invalid(spec, "option 'schema.registry.basic.auth.user.info' must be 'user:password'");
        }
        return new SchemaRegistryClient(url, userInfo);
    }

    /** The {@code schema.registry.url} option, checked, without a trailing slash. */
    String registryUrl() {
        if (!usesRegistry()) {
            throw EndpointOptions.invalid(spec, "format '" + format().optionName() + "' needs 'schema.registry.url'");
        }
        String url = spec.options().get("schema.registry.url").trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw EndpointOptions.invalid(spec, "option 'schema.registry.url' must be an http(s) URL, not '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The subject a source reads its schema from: {@code schema.subject}, else the topic's ({@code <topic>-value}). */
    String sourceSubject() {
        return spec.option("schema.subject", topic() + "-value");
    }

    /** {@code subject.name.strategy}: true for RecordNameStrategy, false for the default TopicNameStrategy. */
    boolean recordNameStrategy() {
        String v = spec.option("subject.name.strategy", "topic").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "topic", "topicnamestrategy" -> false;
            case "record", "recordnamestrategy" -> true;
            default -> throw EndpointOptions.invalid(spec,
                    "option 'subject.name.strategy' must be 'topic' or 'record', not '" + v + "'");
        };
    }

    /** The sink's Avro schema when {@code avro.schema} or {@code avro.schema.file} is set, else null. */
    org.apache.avro.Schema avroSchemaIfGiven() throws IOException {
        return spec.options().containsKey("avro.schema") || spec.options().containsKey("avro.schema.file")
                ? avroSchema() : null;
    }

    /** The Avro schema: {@code avro.schema} inline, or the file {@code avro.schema.file} (relative to the base folder). */
    org.apache.avro.Schema avroSchema() throws IOException {
        String text = avroSchemaText();
        try {
            return AvroFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw EndpointOptions.invalid(spec, e.getMessage());
        }
    }

    private String avroSchemaText() throws IOException {
        return schemaText("avro", "Avro");
    }

    /**
     * The sink's Protobuf schema when {@code protobuf.schema} or {@code protobuf.schema.file} is set, else null
     * (docs/formats.md#schema-registry).
     */
    String protobufSchemaIfGiven() throws IOException {
        if (!spec.options().containsKey("protobuf.schema") && !spec.options().containsKey("protobuf.schema.file")) {
            return null;
        }
        String text = schemaText("protobuf", "Protobuf");
        try {
            ProtoSchemas.parse(text);
        } catch (IllegalArgumentException e) {
            throw EndpointOptions.invalid(spec, e.getMessage());
        }
        return text;
    }

    /** {@code <format>.schema} inline, or the file {@code <format>.schema.file} (relative to the base folder). */
    private String schemaText(String format, String title) throws IOException {
        String inline = spec.options().get(format + ".schema");
        String file = spec.options().get(format + ".schema.file");
        if (inline != null && file != null) {
            throw EndpointOptions.invalid(spec, "set either '" + format + ".schema' or '" + format + ".schema.file', not both");
        }
        if (inline != null) {
            return inline;
        }
        if (file == null) {
            throw EndpointOptions.invalid(spec, "format '" + format + "' needs '" + format + ".schema' or '"
                    + format + ".schema.file'");
        }
        Path path = Path.of(file);
        if (!path.isAbsolute() && spec.baseDir() != null) {
            path = spec.baseDir().resolve(path);
        }
        if (!Files.isRegularFile(path)) {
            throw EndpointOptions.invalid(spec, title + " schema file not found: " + path.toAbsolutePath().normalize());
        }
        return Files.readString(path);
    }

    /**
     * The client properties: {@code defaults}, then every option that is not Velostream's own
     * (unchanged; {@code kafka.x} as {@code x}), then {@code bootstrap.servers} resolved.
     */
    Map<String, Object> clientProperties(Map<String, Object> defaults) {
        Map<String, Object> props = new HashMap<>(defaults);
        for (Map.Entry<String, String> e : spec.options().entrySet()) {
            String k = e.getKey();
            if (k.regionMatches(true, 0, CLIENT_PREFIX, 0, CLIENT_PREFIX.length())) {
                props.put(k.substring(CLIENT_PREFIX.length()), e.getValue());
            } else if (!isOwnKey(k)) {
                props.put(k, e.getValue());
            }
        }
        props.put("bootstrap.servers", bootstrapServers(props.get("bootstrap.servers")));
        return props;
    }

    private String bootstrapServers(Object fromOptions) {
        String servers = fromOptions == null ? System.getenv(BOOTSTRAP_ENV) : fromOptions.toString();
        if (servers == null || servers.isBlank()) {
            throw EndpointOptions.invalid(spec, "no Kafka bootstrap servers: set 'bootstrap.servers' in WITH"
                    + " (job level or '" + spec.name() + ".bootstrap.servers') or the environment variable " + BOOTSTRAP_ENV);
        }
        return servers;
    }
}
