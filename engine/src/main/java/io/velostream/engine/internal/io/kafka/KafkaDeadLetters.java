package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ClientBacked;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.OriginalRecords;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.SourcePosition;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    private final List<OriginalRecords> sources = new ArrayList<>();

    KafkaDeadLetters(String topic, String job, KafkaWriter producer, boolean ownProducer, List<DataReader> sources) {
        this.topic = topic;
        this.job = utf8(job);
        this.producer = producer;
        this.ownProducer = ownProducer;
        for (DataReader r : sources) {
            if (r instanceof OriginalRecords o) {
                this.sources.add(o);
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
        OriginalRecords.Original original = original(error.position());
        byte[] key = null;
        byte[] value;
        Long timestamp = null;
        if (original != null) {
            for (OriginalRecords.OriginalHeader h : original.headers()) {
                headers.add(h.key(), h.value());
            }
            key = original.key();
            value = original.value();
            timestamp = original.timestamp() >= 0 ? original.timestamp() : null;
        } else {
            value = error.raw() == null ? null : utf8(error.raw());
        }
        headers.add(ERROR, utf8(error.message()));
        headers.add(JOB, job);
        headers.add(TOPIC, utf8(original != null ? original.position().source() : error.source()));
        if (original != null) {
            headers.add(PARTITION, utf8(Integer.toString(original.position().partition())));
            headers.add(OFFSET, utf8(Long.toString(original.position().offset())));
            headers.add(TIMESTAMP, utf8(Long.toString(original.timestamp())));
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value, headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record at this position as a source read it, or null (not read from a source that keeps originals, or no longer held). */
    private OriginalRecords.Original original(SourcePosition position) {
        if (position == null) {
            return null;
        }
        for (OriginalRecords r : sources) {
            OriginalRecords.Original found = r.original(position);
            if (found != null) {
                return found;
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
