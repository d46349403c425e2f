package io.velostream.spring.boot.autoconfigure;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka client properties of the service as Spring Boot built them from {@code spring.kafka.*}
 * and its connection details (bootstrap servers, security protocol, SASL, SSL stores, client
 * properties), turned into endpoint options. A source's or sink's own WITH options override them.
 *
 * @param consumer options for every Kafka source
 * @param producer options for every Kafka sink
 */
record KafkaClientOptions(Map<String, String> consumer, Map<String, String> producer) {
    /** The engine sets its own (de)serializers and offset commits. */
    private static final Set<String> ENGINE_OWNED = Set.of(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);

    /** The endpoint option of the registry formats (docs/formats.md#schema-registry). */
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    static KafkaClientOptions none() {
        return new KafkaClientOptions(Map.of(), Map.of());
    }

    static KafkaClientOptions of(Map<String, Object> consumer, Map<String, Object> producer) {
        return new KafkaClientOptions(options(consumer), options(producer));
    }

    /** These options and, when {@code url} is set, {@code schema.registry.url} for every source and sink. */
    KafkaClientOptions withSchemaRegistry(String url) {
        if (url == null || url.isBlank()) {
            return this;
        }
        Map<String, String> c = new LinkedHashMap<>(consumer);
        Map<String, String> p = new LinkedHashMap<>(producer);
        c.put(SCHEMA_REGISTRY_URL, url);
        p.put(SCHEMA_REGISTRY_URL, url);
        return new KafkaClientOptions(c, p);
    }

    /**
     * Values the WITH syntax can carry (text, numbers, classes, lists); an object value such as an
     * SSL bundle has no text form and is left out.
     */
    private static Map<String, String> options(Map<String, Object> client) {
        Map<String, String> options = new LinkedHashMap<>();
        client.forEach((key, value) -> {
            if (ENGINE_OWNED.contains(key) || value == null) {
                return;
            }
            if (value instanceof Class<?> c) {
                options.put(key, c.getName());
            } else if (value instanceof Iterable<?> list) {
                StringBuilder joined = new StringBuilder();
                list.forEach(v -> joined.append(joined.length() == 0 ? "" : ",").append(v));
                options.put(key, joined.toString());
            } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
                options.put(key, value.toString());
            }
        });
        return options;
    }
}
