package io.velostream.engine.io.kafka;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The seam between a job's Kafka sources and its transactional Kafka sink: one transaction per
 * batch holds the sink's output, the dead letters (same producer) and the source's offsets,
 * sent with the consumer's group metadata so a zombie instance of an older generation is fenced
 * (KIP-447). Made by {@link #of} from the endpoints a job opened.
 */
public final class KafkaTransaction {
    private static final Logger log = LoggerFactory.getLogger(KafkaTransaction.class);
    private final KafkaWriter sink;
    private boolean open;

    private KafkaTransaction(KafkaWriter sink) {
        this.sink = sink;
    }

    /**
     * @throws IllegalArgumentException naming the first endpoint that is not a Kafka topic, or a
     *                                  sink opened without a {@code transactional.id}
     */
    public static KafkaTransaction of(DataWriter sink, List<String> sourceNames, List<DataReader> sources) {
        for (int i = 0; i < sources.size(); i++) {
            if (!(sources.get(i) instanceof KafkaReader)) {
                throw new IllegalArgumentException("transactional mode needs Kafka sources and sink: source '"
                        + sourceNames.get(i) + "' is not a kafka_source");
            }
        }
        if (!(sink instanceof KafkaWriter w)) {
            throw new IllegalArgumentException("transactional mode needs Kafka sources and sink: the sink is not a kafka_sink");
        }
        return new KafkaTransaction(w);
    }

    public void begin() throws IOException {
        if (open) {
            return; // an earlier attempt's transaction, still ours to use
        }
        try {
            sink.beginTransaction();
        } catch (KafkaException e) {
            throw failed("cannot begin a transaction", e);
        }
        open = true;
    }

    /** Adds what each source returned since its last commit to the transaction, and commits it. */
    public void commit(List<DataReader> sources) throws IOException {
        try {
            for (DataReader source : sources) {
                KafkaReader reader = (KafkaReader) source;
                Map<TopicPartition, OffsetAndMetadata> offsets = reader.positions();
                if (!offsets.isEmpty()) {
                    sink.sendOffsetsToTransaction(offsets, reader.groupMetadata());
                }
            }
            commitUntilDecided();
        } catch (KafkaException e) {
            throw failed("committing the transaction failed", e);
        }
        open = false;
        for (DataReader source : sources) {
            ((KafkaReader) source).committed();
        }
    }

    /**
     * A commit that timed out may have reached the broker, and the producer then refuses to abort:
     * the only way on is to commit again until it succeeds or fails for good (a broker outage waits here).
     */
    private void commitUntilDecided() {
        while (true) {
            try {
                sink.commitTransaction();
                return;
            } catch (TimeoutException e) {
                log.warn("kafka sink '{}': commit timed out, retrying: {}", sink.name(), e.getMessage());
            }
        }
    }

    /** Aborts the open transaction, if any; call again after a failure (a timeout) until it returns. */
    public void abort() throws IOException {
        if (!open) {
            return;
        }
        try {
            sink.abortTransaction();
        } catch (KafkaException e) {
            throw failed("aborting the transaction failed", e);
        }
        open = false;
    }

    private IOException failed(String what, KafkaException e) {
        return new IOException("kafka sink '" + sink.name() + "': " + what + ": " + e.getMessage(), e);
    }
}
