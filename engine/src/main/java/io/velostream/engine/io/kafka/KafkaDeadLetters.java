package io.velostream.engine.io.kafka;

import io.velostream.engine.io.ClientBacked;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.SourcePosition;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter topic of a job (SendToDLQ). A record from a Kafka source goes there as it was
 * read — its key, value, headers and timestamp, looked up in the source's last poll by its
 * position — plus the headers {@value #ERROR}, {@value #JOB}, {@value #TOPIC}, {@value #PARTITION},
 * {@value #OFFSET} and {@value #TIMESTAMP}. A record from another source goes there as its raw
 * text (the file line), with the headers that apply.
 *
 * <p>With a Kafka sink the dead letters use its producer, so they are flushed with the output or
 * belong to its transaction; otherwise the queue has a producer of its own.
 */
final class KafkaDeadLetters implements DeadLetterQueue, ClientBacked {
    private final String topic;
    private final byte[] job;
    private final KafkaWriter producer;
    private final boolean ownProducer;
    private final List<KafkaReader> sources = new ArrayList<>();

    KafkaDeadLetters(String topic, String job, KafkaWriter producer, boolean ownProducer, List<DataReader> sources) {
        this.topic = topic;
        this.job = utf8(job);
        this.producer = producer;
        this.ownProducer = ownProducer;
        for (DataReader r : sources) {
            if (r instanceof KafkaReader k) {
                this.sources.add(k);
            }
        }
    }

    /** The producer this queue opened for itself; null when it shares the sink's (bound with the sink). */
    @Override
    public <C> C client(Class<C> type) {
        return ownProducer && type.isInstance(producer.producer()) ? type.cast(producer.producer()) : null;
    }

    @Override
    public String resource() {
        return topic;
    }

    @Override
    public void send(RecordError error) {
        RecordHeaders headers = new RecordHeaders();
        ConsumerRecord<byte[], byte[]> original = original(error.position());
        byte[] key = null;
        byte[] value;
        Long timestamp = null;
        if (original != null) {
            for (Header h : original.headers()) {
                headers.add(h);
            }
            key = original.key();
            value = original.value();
            timestamp = original.timestamp() >= 0 ? original.timestamp() : null;
        } else {
            value = error.raw() == null ? null : utf8(error.raw());
        }
        headers.add(ERROR, utf8(error.message()));
        headers.add(JOB, job);
        headers.add(TOPIC, utf8(original != null ? original.topic() : error.source()));
        if (original != null) {
            headers.add(PARTITION, utf8(Integer.toString(original.partition())));
            headers.add(OFFSET, utf8(Long.toString(original.offset())));
            headers.add(TIMESTAMP, utf8(Long.toString(original.timestamp())));
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value, headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kafka record at this position in a source's last poll, or null (not a Kafka position, or no longer there). */
    private ConsumerRecord<byte[], byte[]> original(SourcePosition position) {
        if (position == null || position.partition() == StreamRecord.NO_PARTITION) {
            return null;
        }
        for (KafkaReader r : sources) {
            if (r.topic().equals(position.source())) {
                ConsumerRecord<byte[], byte[]> found = r.original(position.partition(), position.offset());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public void flush() throws IOException {
        if (ownProducer) {
            producer.flush(); // a shared producer is flushed (or committed) with the sink's output
        }
    }

    @Override
    public void close() throws IOException {
        if (ownProducer) {
            producer.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
