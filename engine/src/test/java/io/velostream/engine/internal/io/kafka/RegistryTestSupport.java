package io.velostream.engine.internal.io.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;

/** The embedded broker and the shared real registry of the registry-format tests (docs/formats.md#schema-registry). */
abstract class RegistryTestSupport extends KafkaTestSupport {
    static TestSchemaRegistry server;
    static SchemaRegistryClient registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        server = TestSchemaRegistry.shared();
        registry = new SchemaRegistryClient(server.url());
    }

    /** A record with no key and {@code value} as its value. */
    static void send(String topic, byte[] value) throws Exception {
        send(new ProducerRecord<>(topic, null, value));
    }
}
