package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobFailedException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.velostream.engine.internal.io.kafka.AppInstance.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replicas of one application (docs/scaling.md): instances in one JVM, the same application
 * name and SQL, each with its own instance id (and threads), reading a topic through one
 * consumer group.
 */
@Timeout(180)
class KafkaScaleOutTest extends KafkaTestSupport {
    private static final int PARTITIONS = 4;
    private static final int TASKS = 6;
    private static final int KEYS = 24;
    private static final Pattern TOTAL = Pattern.compile("\\{\"k\":\"(k\\d+)\",\"n\":(\\d+)}");

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aStatelessJobScalesOutThroughTheConsumerGroup(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM copied AS SELECT id FROM orders WHERE id >= 0
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'copied.type' = 'kafka_sink', 'copied.topic' = '%s')""".formatted(mode, in, group(), out);
        AtomicInteger sent = new AtomicInteger(produce(in, 0, 40));
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read.get() > 0, "instance a reads", a);
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                // Records keep coming to every partition until the group has given b its share.
                await(() -> {
                    sent.set(produce(in, sent.get(), PARTITIONS));
                    return b.read.get() > 0;
                }, "instance b reads", a, b);
                a.read.set(0);
                b.read.set(0);
                sent.set(produce(in, sent.get(), 40));
                await(() -> new HashSet<>(values(committed(out))).size() == sent.get(), "every input is in the output", a, b);
                assertThat(a.read).as("a still holds partitions").hasPositiveValue();
                assertThat(b.read).as("b holds partitions").hasPositiveValue();
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sent.get(); i++) {
            expected.add("{\"id\":" + i + "}");
        }
        List<String> output = values(committed(out));
        if (mode.equals("transactional")) {
            assertThat(output).as("exactly once, neither instance fenced").containsExactlyInAnyOrderElementsOf(expected);
        } else {
            assertThat(new HashSet<>(output)).as("complete; duplicates only across a rebalance").isEqualTo(new HashSet<>(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aStatefulJobFailsWhenAnotherInstanceTakesSomeOfItsPartitions(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n, MAX(_offset) AS last FROM orders GROUP BY customer
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, group(), out);
        produce(in, 0, 40);
        // Reading _offset, the job is not repartitioned (docs/scaling.md#repartition): it keeps the guard.
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read.get() > 0, "instance a reads", a);
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                // The cooperative rebalance leaves each with part of the input: both stop, neither counts half.
                for (AppInstance i : List.of(b, a)) {
                    assertThatThrownBy(() -> i.done().get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                            .cause().isInstanceOf(JobFailedException.class)
                            .hasMessageStartingWith("job totals: kafka source 'orders' was assigned ")
                            .hasMessageContaining("of the 4 partitions of topic '" + in + "'")
                            .hasMessageContaining("its groups")
                            .hasMessageContaining("run one replica of a job with state")
                            .hasMessageContaining("docs/scaling.md");
                }
            }
        }
    }

    /**
     * GROUP BY {@code _key} runs as tasks (docs/scaling.md#tasks): three instances share the six
     * partitions, one joins, one dies (its consumer leaves without committing), and the tasks that
     * move go on from their changelog partitions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aGroupByKeyRunsAsTasksThatMoveBetweenInstancesWithTheirState(String mode) throws Exception {
        String in = topic(TASKS);
        String out = topic(1);
        String sql = totals(mode, in, out);
        Map<String, Long> expected = new HashMap<>();
        produceKeyed(in, 60, expected);
        try (AppInstance a = new AppInstance("a", sql, options("a")); AppInstance b = new AppInstance("b", sql, options("b"))) {
            // Records keep coming to every partition until the group has given each its share.
            await(() -> {
                produceKeyed(in, KEYS, expected);
                return a.read.get() > 0 && b.read.get() > 0;
            }, "instances a and b read", a, b);
            try (AppInstance c = new AppInstance("c", sql, options("c"))) {
                await(() -> {
                    produceKeyed(in, KEYS, expected);
                    return c.read.get() > 0;
                }, "instance c reads", a, b, c);
                a.crash();
                // It dies at its next batch with records: they keep coming, to a's partitions too.
                await(() -> {
                    produceKeyed(in, KEYS, expected);
                    return a.crashed();
                }, "a dies without committing", b, c);
                produceKeyed(in, 60, expected);
                await(() -> {
                    Map<String, Long> totals = lastTotals(out);
                    if (mode.equals("transactional")) {
                        return totals.equals(expected);
                    }
                    return totals.keySet().equals(expected.keySet())
                            && expected.entrySet().stream().allMatch(e -> totals.get(e.getKey()) >= e.getValue());
                }, () -> "the totals count every input: expected " + expected + ", read " + lastTotals(out), b, c);
                assertThat(b.metrics().tasks() + c.metrics().tasks()).as("b and c run every partition's task")
                        .isEqualTo(TASKS);
                assertThat(b.metrics().rebalances() + c.metrics().rebalances()).isGreaterThanOrEqualTo(3);
            }
        }
        if (mode.equals("transactional")) {
            assertThat(lastTotals(out)).as("exact read_committed: every input counted once").isEqualTo(expected);
        }
    }

    /** A task's state is its changelog partition: an instance that takes over the partitions goes on counting. */
    @Test
    void aTaskTakenOverByAnotherInstanceRestoresItsKeysFromItsChangelogPartition() throws Exception {
        String in = topic(TASKS);
        String out = topic(1);
        String sql = totals("transactional", in, out);
        Map<String, Long> expected = new HashMap<>();
        produceKeyed(in, 60, expected);
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> lastTotals(out).equals(expected), "instance a counts every input", a);
        }
        produceKeyed(in, 60, expected);
        try (AppInstance b = new AppInstance("b", sql, options("b"))) {
            await(() -> lastTotals(out).equals(expected), "instance b goes on from a's totals", b);
            assertThat(b.metrics().recordsRestored()).as("restored from the changelog").isPositive();
            assertThat(b.metrics().tasks()).isEqualTo(TASKS);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            String changelog = application + "-totals-groups-changelog";
            assertThat(admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog).partitions())
                    .as("a partition per task").hasSize(TASKS);
        }
    }

    @Test
    void aChangelogWithAnotherPartitionCountIsAStartupError() throws Exception {
        String in = topic(TASKS);
        String changelog = application + "-totals-groups-changelog";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(changelog, 2, (short) 1))).all().get();
        }
        assertThatThrownBy(() -> new AppInstance("a", totals("transactional", in, topic(1)), options("a")))
                .hasMessageContaining("the changelog topic '" + changelog + "' has 2 partitions, but the job needs "
                        + TASKS)
                .hasMessageContaining("docs/scaling.md#tasks");
    }

    /**
     * Threads of an instance are copies of its job in the same consumer group (docs/scaling.md#threads): one instance
     * with two threads and one with one share six partitions as three members would, each with a transactional id
     * of its own, and the totals are exact.
     */
    @Test
    void threadsOfAnInstanceShareThePartitionsAsInstancesDo() throws Exception {
        String in = topic(TASKS);
        String out = topic(1);
        String sql = totals("transactional", in, out);
        Map<String, Long> expected = new HashMap<>();
        produceKeyed(in, 60, expected);
        try (AppInstance a = new AppInstance("a", sql, options("a", 2)); AppInstance b = new AppInstance("b", sql, options("b"))) {
            List<Job> aCopies = a.copies("totals");
            assertThat(aCopies).hasSize(2);
            await(() -> {
                produceKeyed(in, KEYS, expected);
                return aCopies.get(0).context().metrics().tasks() > 0 && aCopies.get(1).context().metrics().tasks() > 0
                        && b.metrics().tasks() > 0 && a.metrics().tasks() + b.metrics().tasks() == TASKS;
            }, "both threads of a and instance b run tasks", a, b);
            produceKeyed(in, 60, expected);
            await(() -> lastTotals(out).equals(expected),
                    () -> "the totals count every input: expected " + expected + ", read " + lastTotals(out), a, b);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
                assertThat(admin.listTransactions().all().get()).extracting(TransactionListing::transactionalId)
                        .filteredOn(id -> id.startsWith(application + "-totals-"))
                        .containsExactlyInAnyOrder(application + "-totals-a-1", application + "-totals-a-2",
                                application + "-totals-b");
            }
        }
        assertThat(lastTotals(out)).as("exact read_committed: every input counted once").isEqualTo(expected);
    }

    /** A job whose state does not run as tasks cannot run on threads, as it cannot on replicas: a startup error. */
    @Test
    void threadsForAStateThatDoesNotRunAsTasksAreAStartupError() throws Exception {
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n, MAX(_offset) AS last FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(topic(PARTITIONS), group(), topic(1));
        assertThatThrownBy(() -> new AppInstance("a", sql, options("a", 2)))
                .hasMessageContaining("job totals: 'threads' = 2 needs a job that is stateless or whose state runs as"
                        + " tasks, but this job's state (its groups) is not partitioned by the input's partitions")
                .hasMessageContaining("run it with one thread (docs/scaling.md#stateful-jobs-one-replica)");
    }

    /** The options of instance {@code id} running its jobs on {@code threads} threads. */
    /**
     * A revocation commits what the commit interval holds (docs/scaling.md#rebalance): with an interval of
     * ten minutes, a's counts become visible read_committed when b joins, and a reads nothing twice.
     */
    @Test
    void aRevocationCommitsTheOpenTransactionInsteadOfAbortingIt() throws Exception {
        String in = topic(TASKS);
        String out = topic(1);
        String sql = totals("transactional", in, out).replace("'batch.size' = '10'",
                "'batch.size' = '10', 'commit.interval' = '600000'");
        Map<String, Long> expected = new HashMap<>();
        produceKeyed(in, 60, expected);
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read.get() == 60, "instance a reads every record, committing none", a);
            assertThat(lastTotals(out)).isEmpty();
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                await(() -> lastTotals(out).equals(expected), () -> "a's counts are committed when b takes partitions: read "
                        + lastTotals(out), a, b);
                assertThat(a.metrics().retries()).as("nothing aborted, nothing read again").isZero();
                assertThat(a.read).hasValue(60);
            }
        }
    }

    private String totals(String mode, String in, String out) {
        return """
                CREATE STREAM totals AS SELECT _key AS k, COUNT(*) AS n FROM orders GROUP BY _key
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, group(), out);
    }

    /** {@code count} records keyed {@code k0}…{@code k23} in turn, partitioned by key; counted into {@code expected}. */
    private static void produceKeyed(String topic, int count, Map<String, Long> expected) {
        int from = expected.values().stream().mapToInt(Long::intValue).sum();
        for (int i = from; i < from + count; i++) {
            String key = "k" + i % KEYS;
            producer.send(new ProducerRecord<>(topic, utf8(key), utf8("{\"id\":" + i + "}")));
            expected.merge(key, 1L, Long::sum);
        }
        producer.flush();
    }

    /** The last total of each key in the output (one partition: in the order written), read read_committed. */
    private static Map<String, Long> lastTotals(String topic) {
        Map<String, Long> totals = new HashMap<>();
        for (String v : values(committed(topic))) {
            Matcher m = TOTAL.matcher(v);
            if (!m.matches()) {
                throw new AssertionError("unexpected output " + v);
            }
            totals.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return totals;
    }

    /** Records {@code {"id": n}} for n from {@code from}, spread over the partitions; @return the next n. */
    private static int produce(String topic, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, utf8("{\"id\":" + i + "}")));
        }
        producer.flush();
        return from + count;
    }
}
