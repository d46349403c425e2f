package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.EndpointSpec;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A commit that timed out cannot be aborted, only retried (docs/kafka.md, transactional mode): the
 * writer retries it with backoff, and gives up when the job stops.
 */
@Timeout(60)
class KafkaWriterCommitTest {

    /** Commits time out the first {@code timeouts} times, as while the broker is away. */
    private static final class TimingOutProducer extends MockProducer<byte[], byte[]> {
        final AtomicInteger attempts = new AtomicInteger();
        private final int timeouts;
        volatile Duration closedWith;

        TimingOutProducer(int timeouts) {
            this.timeouts = timeouts;
        }

        @Override
        public void commitTransaction() {
            if (attempts.incrementAndGet() <= timeouts) {
                throw new TimeoutException("injected: timeout expired while committing");
            }
            super.commitTransaction();
        }

        @Override
        public void close(Duration timeout) {
            closedWith = timeout;
            super.close(timeout);
        }
    }

    private static KafkaWriter writer(TimingOutProducer producer) {
        producer.initTransactions();
        return new KafkaWriter(new EndpointSpec("out", KafkaSinkConnector.TYPE, Map.of(), null, null), "out-topic", producer, null, Map.of(), Integer.MAX_VALUE, null);
    }

    @Test
    void aCommitThatTimesOutIsRetriedUntilItSucceeds() throws Exception {
        TimingOutProducer producer = new TimingOutProducer(3);
        KafkaWriter writer = writer(producer);
        writer.beginTransaction();
        writer.commitTransaction();
        assertThat(producer.attempts).hasValue(4);
        assertThat(producer.commitCount()).isEqualTo(1);
    }

    @Test
    void aStoppedJobStopsRetryingAndClosesWithoutWaitingForTheBroker() throws Exception {
        TimingOutProducer producer = new TimingOutProducer(Integer.MAX_VALUE);
        KafkaWriter writer = writer(producer);
        writer.beginTransaction();
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
            try {
                writer.commitTransaction();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (producer.attempts.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(producer.attempts.get()).as("retried").isGreaterThanOrEqualTo(2);
        assertThat(commit).isNotDone();

        writer.stopWaiting();
        assertThatThrownBy(() -> commit.get(30, TimeUnit.SECONDS)).cause().cause().isInstanceOf(IOException.class)
                .hasMessageContaining("kafka sink 'out': the job stopped while its commit was timing out")
                .rootCause().isInstanceOf(TimeoutException.class);
        assertThat(producer.commitCount()).isZero();

        writer.close();
        assertThat(producer.closed()).isTrue();
        assertThat(producer.closedWith).as("closed at once: the broker settles the transaction").isEqualTo(Duration.ZERO);
    }
}
