package io.velostream.engine.io.kafka;

import io.velostream.engine.io.DataWriter;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes records to a topic with one producer. Sends are asynchronous (the producer batches
 * them); the first failure is kept and {@link #flush()} throws it after waiting for every send,
 * so the job does not commit input whose output was lost (at-least-once).
 *
 * <p>Key: the record's key as UTF-8 text ({@link Values#toKeyString}), none when null. Timestamp:
 * the record's event time. Headers: all of the record's, as UTF-8.
 *
 * <p>With a {@code transactional.id} the producer was initialised for transactions, and the
 * job's {@link KafkaTransaction} drives them through the methods below.
 */
final class KafkaWriter implements DataWriter {
    private final String sink;
    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final ValueEncoder encoder;
    /** The producer's configuration: the connection (servers, security) that companion clients reuse. */
    private final Map<String, Object> clientProperties;
    /** One callback for all sends; it runs on the producer's I/O thread. */
    private final Callback onSent = this::onSent;
    private volatile Exception failure;

    KafkaWriter(String sink, String topic, Producer<byte[], byte[]> producer, ValueEncoder encoder,
                Map<String, Object> clientProperties) {
        this.sink = sink;
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.producer = producer;
        this.encoder = encoder;
    }

    @Override
    public void write(List<StreamRecord> batch) throws IOException {
        for (int i = 0, n = batch.size(); i < n; i++) {
            StreamRecord r = batch.get(i);
            byte[] value = encoder.encode(r);
            Object key = r.key();
            // Kafka rejects negative timestamps; the broker then stamps the record itself.
            Long timestamp = r.eventTime() >= 0 ? r.eventTime() : null;
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, timestamp,
                    key == null ? null : Values.toKeyString(key).getBytes(StandardCharsets.UTF_8), value, headers(r));
            send(out);
        }
    }

    /** Sends a record as it is, with this writer's failure tracking (dead letters share the producer). */
    void send(ProducerRecord<byte[], byte[]> record) throws IOException {
        try {
            producer.send(record, onSent);
        } catch (KafkaException e) {
            throw new IOException("kafka sink '" + sink + "': cannot send to topic '" + record.topic() + "': "
                    + e.getMessage(), e);
        }
    }

    Map<String, Object> clientProperties() {
        return clientProperties;
    }

    String name() {
        return sink;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }

    void beginTransaction() {
        producer.beginTransaction();
    }

    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
    }

    /** Commits; a send that failed makes this throw, and the transaction must then be aborted. */
    void commitTransaction() {
        producer.commitTransaction();
        failure = null;
    }

    void abortTransaction() {
        producer.abortTransaction();
        failure = null; // the failed sends belonged to the aborted transaction
    }

    private static RecordHeaders headers(StreamRecord r) {
        RecordHeaders headers = new RecordHeaders();
        r.headers().forEach((k, v) -> headers.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private void onSent(RecordMetadata metadata, Exception e) {
        if (e != null && failure == null) {
            failure = e;
        }
    }

    /** Waits for every send; throws when any failed since the last flush. */
    @Override
    public void flush() throws IOException {
        try {
            producer.flush();
        } catch (KafkaException e) {
            throw new IOException("kafka sink '" + sink + "': flush failed: " + e.getMessage(), e);
        }
        Exception e = failure;
        if (e != null) {
            failure = null;
            throw new IOException("kafka sink '" + sink + "': writing to topic '" + topic + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
