package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.RetriableIOException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.util.function.Supplier;

/** Creating a Kafka client, and its failures as I/O errors that name the endpoint. */
final class KafkaClients {
    private KafkaClients() {
    }

    /** @throws IllegalArgumentException when the client rejects its properties */
    static <T> T create(EndpointSpec spec, Supplier<T> client) {
        try {
            return client.get();
        } catch (KafkaException e) {
            // The constructor wraps the real reason ("Failed to construct kafka consumer").
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw EndpointOptions.invalid(spec, "invalid Kafka client properties: " + root.getMessage());
        }
    }

    /**
     * A client failure as the job sees it: retriable (the job retries the batch with backoff) when a
     * Kafka timeout or another retriable Kafka error is among its causes, or the consumer group moved on
     * without this member (a commit of a generation the group left behind: it rejoins in its next poll
     * and reads again from the committed offsets), else a plain I/O error.
     */
    static IOException failure(String message, Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof CommitFailedException
                    || t instanceof RebalanceInProgressException) {
                return new RetriableIOException(message, cause);
            }
        }
        return new IOException(message, cause);
    }
}
