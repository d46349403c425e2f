package io.velostream.engine.io;

/**
 * An endpoint (reader, writer, dead-letter queue) backed by a client library, so a service can
 * bind the client's metrics (Micrometer's {@code KafkaClientMetrics}) and read a source's lag. Only
 * the client's metrics may be read from another thread than the job's.
 */
public interface ClientBacked {
    /** The client behind this endpoint if it is a {@code type} (a Kafka consumer or producer), else null. */
    <C> C client(Class<C> type);

    /** What the client reads or writes (a topic), or null. */
    String resource();
}
