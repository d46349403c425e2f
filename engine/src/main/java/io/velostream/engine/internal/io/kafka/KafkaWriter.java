package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ChangelogTopic;
import io.velostream.engine.io.ClientBacked;
import io.velostream.engine.io.CommittableSource;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.PassThroughSink;
import io.velostream.engine.io.SharingWriter;
import io.velostream.engine.io.TransactionalWriter;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes records to a topic with one producer. Sends are asynchronous (the producer batches
 * them); the first failure is kept and {@link #flush()} throws it after waiting for every send,
 * so the job does not commit input whose output was lost (at-least-once).
 *
 * <p>Key: the record's key as UTF-8 text ({@link Values#toKeyString}), none when null. Timestamp:
 * the record's event time. Headers: all of the record's, as UTF-8.
 *
 * <p>A record that leaves its job unchanged is written from the bytes it was read as, once
 * {@link #writeOriginals} allowed it for the job's sources (docs/kafka.md#raw-pass-through).
 *
 * <p>With a {@code transactional.id} the producer was initialised for transactions, which the
 * job's commit protocol drives ({@link TransactionalWriter}). Changelogs and the dead-letter queue
 * share the producer ({@link SharingWriter}).
 */
final class KafkaWriter implements TransactionalWriter, SharingWriter, ClientBacked, PassThroughSink {
    private static final Logger log = LoggerFactory.getLogger(KafkaWriter.class);
    private static final long COMMIT_RETRY_MIN_MS = 100;
    static final long COMMIT_RETRY_MAX_MS = 10_000;
    private final String sink;
    /** The sink's endpoint, to compare with its job's sources. */
    private final EndpointSpec spec;
    private final String topic;
    private final Producer<byte[], byte[]> producer;
    /** Encodes values, or (after {@link #writeOriginals}) takes a record's original value when it has one. */
    private ValueEncoder encoder;
    private boolean writeOriginals;
    /** The producer's configuration: the connection (servers, security) that companion clients reuse. */
    private final Map<String, Object> clientProperties;
    /** One callback for all sends; it runs on the producer's I/O thread. */
    private final Callback onSent = this::onSent;
    private volatile Exception failure;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** A commit timed out and was given up: its outcome is the broker's to decide. */
    private volatile boolean inDoubt;

    /** The largest record the topic accepts (KafkaSinkConnector#maxRecordBytes); a larger one is a record error. */
    private final int maxRecordBytes;
    /** The job's failure strategy. */
    private final RecordErrorHandler errors;

    KafkaWriter(EndpointSpec spec, String topic, Producer<byte[], byte[]> producer, ValueEncoder encoder,
                Map<String, Object> clientProperties, int maxRecordBytes, RecordErrorHandler errors) {
        this.spec = spec;
        this.sink = spec.name();
        this.maxRecordBytes = maxRecordBytes;
        this.errors = errors;
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
            // Kafka rejects negative timestamps; the broker then stamps the record itself.
            Long timestamp = r.eventTime() >= 0 ? r.eventTime() : null;
            Object key = r.key();
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, timestamp,
                    key == null ? null : Values.toKeyString(key).getBytes(StandardCharsets.UTF_8), value, headers(r));
            int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                    CompressionType.NONE, out.key(), out.value(), out.headers().toArray());
            if (size > maxRecordBytes) {
                // Sent, the broker would fail the batch with it (and taint a transaction): the job's
                // failure strategy decides instead, like for a record that cannot be evaluated.
                errors.onError(new RecordError(RecordError.Kind.WRITE, sink, r.position(), "kafka sink '" + sink
                        + "': the record is " + size + " bytes, more than topic '" + topic + "' accepts ("
                        + maxRecordBytes + ")", null, null));
                continue;
            }
            send(out);
        }
    }

    /** Sends a record as it is, with this writer's failure tracking (dead letters share the producer). */
    void send(ProducerRecord<byte[], byte[]> record) throws IOException {
        send(record, onSent);
    }

    /**
     * Sends a record; {@code then} (from {@link #tracked}) is told on the producer's I/O thread how it went.
     */
    void send(ProducerRecord<byte[], byte[]> record, Callback then) throws IOException {
        try {
            producer.send(record, then);
        } catch (KafkaException e) {
            throw KafkaClients.failure("kafka sink '" + sink + "': cannot send to topic '" + record.topic() + "': "
                    + e.getMessage(), e);
        }
    }

    /** A callback for {@link #send(ProducerRecord, Callback)}: this writer's failure tracking, then {@code then}. */
    Callback tracked(Callback then) {
        return (metadata, e) -> {
            onSent(metadata, e);
            then.onCompletion(metadata, e);
        };
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

    @Override
    public void beginTransaction() throws IOException {
        try {
            producer.beginTransaction();
        } catch (KafkaException e) {
            throw failed("cannot begin a transaction", e);
        }
    }

    @Override
    public boolean canCommit(CommittableSource source) {
        return source instanceof KafkaReader;
    }

    @Override
    public void sendOffsets(CommittableSource.PendingOffsets offsets) throws IOException {
        if (!(offsets instanceof KafkaOffsets k)) {
            throw new IllegalArgumentException("kafka sink '" + sink + "': a transaction holds Kafka offsets only");
        }
        try {
            producer.sendOffsetsToTransaction(k.offsets(), k.group());
        } catch (KafkaException e) {
            throw failed("committing the transaction failed", e);
        }
    }

    /**
     * A send that failed makes this throw, and the transaction must then be aborted. A commit that
     * timed out may have reached the broker, and the producer then refuses to abort: the only way on
     * is to commit again until it succeeds or fails for good (a broker outage waits here), waiting
     * between attempts (doubling up to {@value #COMMIT_RETRY_MAX_MS} ms: a short {@code max.block.ms}
     * must not spin) and giving up once the job stops ({@link #stopWaiting}; docs/kafka.md).
     */
    @Override
    public void commitTransaction() throws IOException {
        try {
            for (long wait = COMMIT_RETRY_MIN_MS; ; wait = Math.min(2 * wait, COMMIT_RETRY_MAX_MS)) {
                try {
                    producer.commitTransaction();
                    break;
                } catch (TimeoutException e) {
                    if (stopped(wait)) {
                        inDoubt = true;
                        throw new IOException("kafka sink '" + sink + "': the job stopped while its commit was timing out ("
                                + e.getMessage() + "); the broker completes or aborts the transaction, and a restart"
                                + " reads again whatever it did not commit", e);
                    }
                    log.warn("kafka sink '{}': commit timed out, retrying in {} ms: {}", sink, wait, e.getMessage());
                }
            }
        } catch (KafkaException e) {
            throw failed("committing the transaction failed", e);
        }
        failure = null;
    }

    /** Waits {@code millis} unless the job stops first. @return true when the job stopped */
    private boolean stopped(long millis) {
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void stopWaiting() {
        stopped.countDown();
    }

    @Override
    public void abortTransaction() throws IOException {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            throw failed("aborting the transaction failed", e);
        }
        failure = null; // the failed sends belonged to the aborted transaction
    }

    private IOException failed(String what, KafkaException e) {
        return KafkaClients.failure("kafka sink '" + sink + "': " + what + ": " + e.getMessage(), e);
    }

    @Override
    public ChangelogTopic openChangelog(String topic, int partitions) throws IOException {
        return KafkaChangelog.open(topic, partitions, this);
    }

    @Override
    public DeadLetterQueue deadLetters(String topic, String job, List<DataReader> sources, boolean owned) {
        return new KafkaDeadLetters(topic, job, this, owned, sources);
    }

    @Override
    public <C> C client(Class<C> type) {
        return type.isInstance(producer) ? type.cast(producer) : null;
    }

    @Override
    public String resource() {
        return topic;
    }

    @Override
    public boolean writeOriginals(List<EndpointSpec> sources) {
        String why = RawPassThrough.incompatibility(sources, spec);
        if (why != null) {
            log.debug("kafka sink '{}': records are encoded again: {}", sink, why);
            return false;
        }
        if (!writeOriginals) {
            writeOriginals = true;
            encoder = RawPassThrough.originalValues(encoder);
        }
        return true;
    }

    /** The original headers when unchanged (shared: the producer only reads them), else the record's as UTF-8. */
    private Headers headers(StreamRecord r) {
        ConsumerRecord<byte[], byte[]> original = writeOriginals ? RawPassThrough.original(r, StreamRecord.ORIGINAL_HEADERS) : null;
        if (original != null) {
            return original.headers();
        }
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
            throw KafkaClients.failure("kafka sink '" + sink + "': flush failed: " + e.getMessage(), e);
        }
        Exception e = failure;
        if (e != null) {
            failure = null;
            throw KafkaClients.failure("kafka sink '" + sink + "': writing to topic '" + topic + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (inDoubt) {
            // close() would wait for the producer to settle the transaction, during an outage forever; the
            // coordinator settles it without us (transaction.timeout.ms, or the next instance's initTransactions).
            producer.close(Duration.ZERO);
            return;
        }
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
