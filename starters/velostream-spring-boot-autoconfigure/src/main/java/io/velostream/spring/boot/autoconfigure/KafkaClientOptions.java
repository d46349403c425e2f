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
 * @param consumer        options for every Kafka source
 * @param producer        options for every Kafka sink
 * @param consumerObjects client properties of every Kafka source that have no text form (an SSL bundle)
 * @param producerObjects the same of every Kafka sink
 */
record KafkaClientOptions(Map<String, String> consumer, Map<String, String> producer,
                          Map<String, Object> consumerObjects, Map<String, Object> producerObjects) {
    /** The engine sets its own (de)serializers and offset commits. */
    private static final Set<String> ENGINE_OWNED = Set.of(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);

    /** The endpoint option of the registry formats (docs/formats.md#schema-registry). */
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    static KafkaClientOptions none() {
        return new KafkaClientOptions(Map.of(), Map.of(), Map.of(), Map.of());
    }

    static KafkaClientOptions of(Map<String, Object> consumer, Map<String, Object> producer) {
        Map<String, Object> consumerObjects = new LinkedHashMap<>();
        Map<String, Object> producerObjects = new LinkedHashMap<>();
        return new KafkaClientOptions(options(consumer, consumerObjects), options(producer, producerObjects),
                consumerObjects, producerObjects);
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
        return new KafkaClientOptions(c, p, consumerObjects, producerObjects);
    }

    /**
     * Values the WITH syntax can carry (text, numbers, classes, lists) as options; an object value,
     * such as the {@code SslBundle} of {@code spring.kafka.ssl.bundle}, into {@code objects}: the
     * Kafka connectors give it to their clients as it is (docs/spring-boot.md#kafka-security).
     */
    private static Map<String, String> options(Map<String, Object> client, Map<String, Object> objects) {
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
            } else {
                objects.put(key, value);
            }
        });
        return options;
    }
}
