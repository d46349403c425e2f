package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobFailedException;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queries bound to Kafka topics through the compiler, run by the job loop in both modes against a real broker. */
@Timeout(60)
class KafkaJobTest extends KafkaTestSupport {
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void filter(String mode) throws Exception {
        String in = topic(2);
        String out = topic(1);
        for (int i = 0; i < 20; i++) {
            send(new ProducerRecord<>(in, i % 2, null, utf8("k" + i), utf8("{\"id\":" + i + ",\"amount\":" + (i * 10) + "}")));
        }
        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > 100
                WITH ('mode' = '%s', 'batch.size' = '3',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'big.type' = 'kafka_sink', 'big.topic' = '%s')""".formatted(mode, in, group(), out));

        assertThat(metrics.get("big").recordsOut()).isEqualTo(9);
        assertThat(values(committed(out))).containsExactlyInAnyOrder(
                "{\"id\":11,\"amount\":110}", "{\"id\":12,\"amount\":120}", "{\"id\":13,\"amount\":130}",
                "{\"id\":14,\"amount\":140}", "{\"id\":15,\"amount\":150}", "{\"id\":16,\"amount\":160}",
                "{\"id\":17,\"amount\":170}", "{\"id\":18,\"amount\":180}", "{\"id\":19,\"amount\":190}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void groupByEmitChangesCommitsTheInputOffsets(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        String group = group();
        String[] customers = {"a", "b", "a", "c", "a", "b"};
        for (int i = 0; i < customers.length; i++) {
            send(in, null, "{\"customer\":\"" + customers[i] + "\",\"amount\":" + (i + 1) + "}");
        }
        run("""
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY customer EMIT CHANGES
                WITH ('mode' = '%s', 'batch.size' = '4',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, group, out));

        List<ConsumerRecord<byte[], byte[]>> records = committed(out);
        assertThat(values(records)).containsExactly(
                "{\"customer\":\"a\",\"n\":1,\"total\":1}", "{\"customer\":\"b\",\"n\":1,\"total\":2}",
                "{\"customer\":\"a\",\"n\":2,\"total\":4}", "{\"customer\":\"c\",\"n\":1,\"total\":4}",
                "{\"customer\":\"a\",\"n\":3,\"total\":9}", "{\"customer\":\"b\",\"n\":2,\"total\":8}");
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(committedOffset(group, in)).isEqualTo(6L);
    }

    /** Issue 13: CTAS with GROUP BY and a PRIMARY KEY column, its rows also written to a Kafka sink. */
    @Test
    void createTableAsGroupByWithAPrimaryKeyWritesItsChangesToKafka() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String[] categories = {"books", "games", "books"};
        for (int i = 0; i < categories.length; i++) {
            send(in, null, "{\"category\":\"" + categories[i] + "\",\"amount\":" + (i + 1) + "}");
        }
        run("""
                CREATE TABLE category_stats AS
                SELECT category PRIMARY KEY, COUNT(*) AS transaction_count, SUM(amount) AS total_amount
                FROM transactions GROUP BY category EMIT CHANGES
                WITH ('transactions.type' = 'kafka_source', 'transactions.topic' = '%s', 'transactions.bounded' = 'true',
                      'transactions.group.id' = '%s', 'category_stats.type' = 'kafka_sink', 'category_stats.topic' = '%s')"""
                .formatted(in, group(), out));

        assertThat(values(committed(out))).containsExactly(
                "{\"category\":\"books\",\"transaction_count\":1,\"total_amount\":1}",
                "{\"category\":\"games\",\"transaction_count\":1,\"total_amount\":2}",
                "{\"category\":\"books\",\"transaction_count\":2,\"total_amount\":4}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void tumblingWindowOnMessageTimestamps(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        long[] times = {1_000, 4_000, 9_000, 12_000, 15_000, 21_000};
        String[] symbols = {"X", "Y", "X", "X", "Y", "X"};
        for (int i = 0; i < times.length; i++) {
            send(new ProducerRecord<>(in, 0, times[i], null, utf8("{\"symbol\":\"" + symbols[i] + "\",\"qty\":" + (i + 1) + "}")));
        }
        run("""
                CREATE STREAM per10s AS SELECT symbol, SUM(qty) AS qty, _window_start AS ws FROM trades
                GROUP BY symbol WINDOW TUMBLING(10s)
                WITH ('mode' = '%s', 'batch.size' = '2',
                      'trades.type' = 'kafka_source', 'trades.topic' = '%s', 'trades.bounded' = 'true', 'trades.group.id' = '%s',
                      'per10s.type' = 'kafka_sink', 'per10s.topic' = '%s')""".formatted(mode, in, group(), out));

        List<ConsumerRecord<byte[], byte[]>> records = committed(out);
        assertThat(values(records)).containsExactly(
                "{\"symbol\":\"X\",\"qty\":4,\"ws\":0}", "{\"symbol\":\"Y\",\"qty\":2,\"ws\":0}",
                "{\"symbol\":\"X\",\"qty\":4,\"ws\":10000}", "{\"symbol\":\"Y\",\"qty\":5,\"ws\":10000}",
                "{\"symbol\":\"X\",\"qty\":6,\"ws\":20000}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "600000"})
    void transactionalModeCommitsTheBatchesOfACommitIntervalInOneTransaction(String interval) throws Exception {
        String in = topic(1);
        String out = topic(1);
        for (int i = 0; i < 6; i++) {
            send(in, null, "{\"id\":" + i + "}");
        }
        run("""
                CREATE STREAM copied AS SELECT id FROM orders
                WITH ('mode' = 'transactional', 'batch.size' = '2', 'commit.interval' = '%s',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'copied.type' = 'kafka_sink', 'copied.topic' = '%s')""".formatted(interval, in, group(), out));

        List<ConsumerRecord<byte[], byte[]>> records = committed(out);
        assertThat(values(records)).hasSize(6);
        // Each transaction ends with a commit marker in the log: 0 ms commits each batch of 2 on its
        // own (3 transactions); a long interval commits all three batches once, when the input ends.
        long transactions = interval.equals("0") ? 3 : 1;
        assertThat(endOffset(out)).isEqualTo(6 + transactions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void poisonRecordsGoToTheDeadLetterTopicAsTheyWereRead(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        String dlq = topic(1);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", utf8("00-abc-01"));
        send(in, null, "{\"customer\":\"a\",\"amount\":1}");
        send(new ProducerRecord<>(in, 0, 1_700_000_000_000L, utf8("bad-key"), utf8("{\"customer\":"), headers));
        send(in, null, "{\"customer\":\"a\",\"amount\":\"not a number\"}");
        send(in, null, "{\"customer\":\"a\",\"amount\":2}");
        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM totals AS SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer
                WITH ('mode' = '%s', 'failure_strategy' = 'SendToDLQ', 'dlq.topic' = '%s',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, dlq, in, group(), out));

        assertThat(metrics.get("totals").recordErrors()).isEqualTo(2);
        assertThat(values(committed(out))).containsExactly("{\"customer\":\"a\",\"total\":1}", "{\"customer\":\"a\",\"total\":3}");
        List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq);
        assertThat(dead).hasSize(2);

        ConsumerRecord<byte[], byte[]> undecodable = dead.get(0);
        assertThat(new String(undecodable.value(), StandardCharsets.UTF_8)).isEqualTo("{\"customer\":");
        assertThat(new String(undecodable.key(), StandardCharsets.UTF_8)).isEqualTo("bad-key");
        assertThat(undecodable.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(header(undecodable, "traceparent")).isEqualTo("00-abc-01");
        assertThat(header(undecodable, DeadLetterQueue.ERROR)).startsWith("malformed JSON: ");
        assertThat(header(undecodable, DeadLetterQueue.JOB)).isEqualTo("totals");
        assertThat(header(undecodable, DeadLetterQueue.TOPIC)).isEqualTo(in);
        assertThat(header(undecodable, DeadLetterQueue.PARTITION)).isEqualTo("0");
        assertThat(header(undecodable, DeadLetterQueue.OFFSET)).isEqualTo("1");
        assertThat(header(undecodable, DeadLetterQueue.TIMESTAMP)).isEqualTo("1700000000000");

        ConsumerRecord<byte[], byte[]> unsummable = dead.get(1);
        assertThat(new String(unsummable.value(), StandardCharsets.UTF_8)).isEqualTo("{\"customer\":\"a\",\"amount\":\"not a number\"}");
        assertThat(header(unsummable, DeadLetterQueue.OFFSET)).isEqualTo("2");
        assertThat(header(unsummable, DeadLetterQueue.ERROR)).isNotBlank();
    }

    @Test
    void anAbortedTransactionLeavesNoVisibleOutputAndTheRetriedBatchIsWrittenOnce() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String group = group();
        for (int i = 0; i < 10; i++) {
            send(in, null, "{\"id\":" + i + "}");
        }
        PreparedApplication app = prepare("""
                CREATE STREAM copy AS SELECT id FROM orders
                WITH ('mode' = 'transactional', 'batch.size' = '4', 'retry_backoff' = '1',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(in, group, out));
        Job compiled = app.nextJob();
        // The second batch is sent inside its transaction, then the write fails: the transaction must be aborted.
        Job job = new Job(compiled.context(), compiled.inputs(), new FailingOnce(compiled.writer(), 2), compiled.protocol());

        JobMetrics metrics = new JobRunner().run(job);

        assertThat(metrics.retries()).isEqualTo(1);
        assertThat(values(committed(out))).containsExactly("{\"id\":0}", "{\"id\":1}", "{\"id\":2}", "{\"id\":3}",
                "{\"id\":4}", "{\"id\":5}", "{\"id\":6}", "{\"id\":7}", "{\"id\":8}", "{\"id\":9}");
        // The aborted transaction — both batches so far, one commit interval — is in the log (8
        // records), invisible to read_committed; both batches were read again and committed once.
        assertThat(values(readAll(out, "read_uncommitted"))).hasSize(18);
        assertThat(committedOffset(group, in)).isEqualTo(10L);
    }

    @Test
    void retryWithBackoffOverKafkaRereadsTheBatchThenStopsWithoutCommittingIt() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String group = group();
        send(in, null, "{\"id\":1}");
        send(in, null, "{\"id\":2}");
        send(in, null, "{\"id\":");
        send(in, null, "{\"id\":4}");
        assertThatThrownBy(() -> run("""
                CREATE STREAM copy AS SELECT id FROM orders
                WITH ('failure_strategy' = 'RetryWithBackoff', 'max_retries' = '2', 'retry_backoff' = '1', 'batch.size' = '2',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(in, group, out)))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("gave up after 2 retries")
                .hasMessageContaining(in + "-0@2");
        assertThat(committedOffset(group, in)).isEqualTo(2L);
        assertThat(values(committed(out))).containsExactly("{\"id\":1}", "{\"id\":2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aRestartContinuesFromTheCommittedOffsets(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        String sql = """
                CREATE STREAM copy AS SELECT id FROM orders
                WITH ('mode' = '%s', 'batch.size' = '2',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(mode, in, group(), out);
        for (int i = 0; i < 3; i++) {
            send(in, null, "{\"id\":" + i + "}");
        }
        run(sql);
        for (int i = 3; i < 5; i++) {
            send(in, null, "{\"id\":" + i + "}");
        }
        assertThat(run(sql).get("copy").recordsIn()).isEqualTo(2);
        assertThat(values(committed(out))).containsExactly("{\"id\":0}", "{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aRestartedGroupByContinuesFromItsRestoredState(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY customer
                WITH ('mode' = '%s', 'batch.size' = '2',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, group(), out);
        send(in, null, "{\"customer\":\"a\",\"amount\":1}");
        send(in, null, "{\"customer\":\"b\",\"amount\":2}");
        send(in, null, "{\"customer\":\"a\",\"amount\":3}");
        run(sql);
        send(in, null, "{\"customer\":\"a\",\"amount\":4}");
        send(in, null, "{\"customer\":\"b\",\"amount\":5}");
        run(sql);

        assertThat(values(committed(out))).containsExactly(
                "{\"customer\":\"a\",\"n\":1,\"total\":1}", "{\"customer\":\"b\",\"n\":1,\"total\":2}",
                "{\"customer\":\"a\",\"n\":2,\"total\":4}",
                "{\"customer\":\"a\",\"n\":3,\"total\":8}", "{\"customer\":\"b\",\"n\":2,\"total\":7}");
        assertThat(committed(application + "-totals-groups-changelog")).isNotEmpty();
    }

    /**
     * CREATE TABLE in transactional mode: the table commits with the sink's transactions in its
     * changelog, so after a restart that reads no new input a join against it still finds its rows.
     */
    @Test
    void aTransactionalCreateTableIsRestoredFromItsChangelogAfterARestart() throws Exception {
        String orders = topic(1);
        String totals = topic(1);
        String probes = topic(1);
        String enriched = topic(1);
        send(orders, null, "{\"customer\":\"a\",\"amount\":1}");
        send(orders, null, "{\"customer\":\"b\",\"amount\":2}");
        send(orders, null, "{\"customer\":\"a\",\"amount\":3}");
        String sql = """
                CREATE TABLE totals AS SELECT customer PRIMARY KEY, SUM(amount) AS total FROM orders GROUP BY customer
                EMIT CHANGES
                WITH ('mode' = 'transactional', 'batch.size' = '2',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s');
                CREATE STREAM enriched AS SELECT p.customer, t.total FROM probes p JOIN totals t ON p.customer = t.customer
                WITH ('mode' = 'transactional',
                      'probes.type' = 'kafka_source', 'probes.topic' = '%s', 'probes.bounded' = 'true', 'probes.group.id' = '%s',
                      'enriched.type' = 'kafka_sink', 'enriched.topic' = '%s')"""
                .formatted(orders, group(), totals, probes, group(), enriched);
        run(sql);
        send(probes, null, "{\"customer\":\"a\"}");
        send(probes, null, "{\"customer\":\"b\"}");
        run(sql);

        assertThat(values(committed(enriched))).containsExactly(
                "{\"customer\":\"a\",\"total\":4}", "{\"customer\":\"b\",\"total\":2}");
        assertThat(committed(application + "-totals-table-changelog")).isNotEmpty();
    }

    @Test
    void anAbortedBatchRollsTheGroupByStateBackSoTheRetryCountsEachRecordOnce() throws Exception {
        String in = topic(1);
        String out = topic(1);
        for (int i = 1; i <= 6; i++) {
            send(in, null, "{\"customer\":\"a\",\"amount\":" + i + "}");
        }
        PreparedApplication app = prepare("""
                CREATE STREAM totals AS SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer
                WITH ('mode' = 'transactional', 'batch.size' = '2', 'retry_backoff' = '1',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(in, group(), out));
        Job compiled = app.nextJob();
        Job job = new Job(compiled.context(), compiled.inputs(), new FailingOnce(compiled.writer(), 2), compiled.protocol());

        assertThat(new JobRunner().run(job).retries()).isEqualTo(1);
        assertThat(values(committed(out))).containsExactly(
                "{\"customer\":\"a\",\"total\":1}", "{\"customer\":\"a\",\"total\":3}",
                "{\"customer\":\"a\",\"total\":6}", "{\"customer\":\"a\",\"total\":10}",
                "{\"customer\":\"a\",\"total\":15}", "{\"customer\":\"a\",\"total\":21}");
    }

    @Test
    void transactionalModeRejectsOtherEndpointsAtCompileTime() {
        assertThatThrownBy(() -> prepare("""
                CREATE STREAM copy AS SELECT id FROM orders
                WITH ('mode' = 'transactional', 'orders.type' = 'kafka_source', 'orders.topic' = 'x',
                      'copy.type' = 'file_sink', 'copy.path' = 'out.csv')"""))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("transactional mode needs Kafka endpoints: 'copy' is file_sink, not kafka_sink");
    }

    /** Fails the n-th write after its records reached the broker, as a timeout waiting for the acks would. */
    private static final class FailingOnce implements DataWriter {
        private final DataWriter delegate;
        private final int failAt;
        private int writes;

        FailingOnce(DataWriter delegate, int failAt) {
            this.delegate = delegate;
            this.failAt = failAt;
        }

        @Override
        public void write(List<StreamRecord> batch) throws IOException {
            delegate.write(batch);
            if (++writes == failAt) {
                delegate.flush(); // the records reach the log inside the transaction, so the abort has something to discard
                // As the Kafka writer reports a timeout to the job: a retriable I/O error (KafkaClients.failure).
                throw KafkaClients.failure("injected", new TimeoutException("injected write failure"));
            }
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static Long committedOffset(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
            return o == null ? null : o.offset();
        }
    }
}
