package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.job.JobMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.velostream.engine.internal.io.kafka.AppInstance.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GROUP BY on RocksDB stores (docs/scaling.md#stores) against the embedded broker: more keys than the cache
 * holds, restarts after a clean stop (nothing to restore) and after a crash (the changelog tail after each
 * task's checkpoint, and only it).
 */
@Timeout(180)
class KafkaRocksDbStoreTest extends KafkaTestSupport {
    private static final int PARTITIONS = 3;
    private static final int KEYS = 2_000;
    /** Room for a few dozen groups per store: far fewer than the keys. */
    private static final int CACHE_BYTES = 4_096;
    private static final Pattern TOTAL = Pattern.compile("\\{\"k\":\"(k\\d+)\",\"n\":(\\d+),\"s\":(\\d+)}");

    @TempDir
    Path stateDir;

    /** Exact (transactional): every input counted once, each key's last total its count and sum. */
    @Test
    void aGroupByOverMoreKeysThanTheCacheHoldsIsExact() throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        Map<String, long[]> expected = new HashMap<>();
        produce(in, 12_000, new Random(7), expected);
        JobMetrics m = run(totals(in, out, true)).get("totals");
        assertThat(m.recordsRestored()).isZero();
        List<String> written = values(committed(out));
        assertThat(written).as("a result per input").hasSize(12_000);
        assertThat(lastTotals(written)).isEqualTo(asText(expected));
        assertThat(checkpoints()).as("a checkpoint per task").hasSize(PARTITIONS);
    }

    /**
     * A restart after a clean stop restores nothing; a restart whose checkpoints lag behind the changelog
     * (a crash after a commit, before its checkpoint was written) replays exactly the changelog records after
     * them, over local state that already holds them, and counts on exactly.
     */
    @Test
    void aRestartRestoresNothingAfterACleanStopAndOnlyTheTailAfterACrash() throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = totals(in, out, true);
        Map<String, long[]> expected = new HashMap<>();
        Random random = new Random(11);
        produce(in, 3_000, random, expected);
        run(sql);
        Map<Path, Long> before = checkpoints();

        produce(in, 3_000, random, expected);
        JobMetrics second = run(sql).get("totals");
        assertThat(second.recordsRestored()).as("restored after a clean stop").isZero();
        assertThat(lastTotals(values(committed(out)))).isEqualTo(asText(expected));

        // The second run's checkpoints lost: its changes are in RocksDB and the changelog, the checkpoints say less.
        long tail = 0;
        for (Map.Entry<Path, Long> c : before.entrySet()) {
            int partition = Integer.parseInt(c.getKey().getParent().getParent().getFileName().toString());
            tail += committedRecords(application + "-totals-groups-changelog", partition, c.getValue());
            Files.writeString(c.getKey(), Long.toString(c.getValue()));
        }
        assertThat(tail).as("changelog records after the old checkpoints").isPositive();
        produce(in, 300, random, expected);
        JobMetrics third = run(sql).get("totals");
        assertThat(third.recordsRestored()).as("the changelog tail after the checkpoints, and only it").isEqualTo(tail);
        assertThat(lastTotals(values(committed(out)))).isEqualTo(asText(expected));
    }

    /**
     * A job that ends without committing (what its commit interval holds is aborted): the restart restores
     * at most the changelog after the checkpoints, far less than the whole changelog, and counts exactly.
     */
    @Test
    void aRestartAfterAnUncommittedEndRestoresOnlyTheTail() throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = totals(in, out, false);
        Map<String, long[]> expected = new HashMap<>();
        Random random = new Random(13);
        produce(in, 6_000, random, expected);
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> lastTotals(values(committed(out))).equals(asText(expected)), "instance a counts every input", a);
            a.crash(); // before the records that end it: set after them, it could find none left to end on
            produce(in, 500, random, expected);
            assertThatThrownBy(() -> a.done().get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(AppInstance.Crash.class);
        }
        long changelog = 0;
        long after = 0;
        for (Map.Entry<Path, Long> c : checkpoints().entrySet()) {
            int partition = Integer.parseInt(c.getKey().getParent().getParent().getFileName().toString());
            changelog += committedRecords(application + "-totals-groups-changelog", partition, 0);
            after += committedRecords(application + "-totals-groups-changelog", partition, c.getValue());
        }
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> lastTotals(values(committed(out))).equals(asText(expected)),
                    () -> "the restarted instance counts every input once", a);
            assertThat(a.metrics().recordsRestored()).as("the tail after the checkpoints").isEqualTo(after)
                    .isLessThan(changelog);
        }
    }

    private String totals(String in, String out, boolean bounded) {
        return """
                CREATE STREAM totals AS SELECT _key AS k, COUNT(*) AS n, SUM(v) AS s FROM orders GROUP BY _key
                WITH ('mode' = 'transactional', 'batch.size' = '200',
                      'state.store' = 'rocksdb', 'state.dir' = '%s', 'state.cache-max-bytes' = '%d',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'orders.bounded' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')"""
                .formatted(stateDir, CACHE_BYTES, in, application + "-orders", bounded, out);
    }

    /** Each task's checkpoint file of the store {@code groups}, with its offset. */
    private Map<Path, Long> checkpoints() throws IOException {
        Map<Path, Long> found = new HashMap<>();
        Path job = stateDir.resolve(application).resolve("totals");
        if (Files.isDirectory(job)) {
            try (var tasks = Files.list(job)) {
                for (Path task : tasks.toList()) {
                    Path file = task.resolve("groups").resolve("checkpoint");
                    found.put(file, Long.parseLong(Files.readString(file).trim()));
                }
            }
        }
        return found;
    }

    /** Committed records of a changelog partition from offset {@code from} to its end. */
    private static long committedRecords(String topic, int partition, long from) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(), "isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            c.assign(List.of(tp));
            c.seek(tp, from);
            long end = c.endOffsets(List.of(tp)).get(tp);
            long n = 0;
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    n += r.offset() < end ? 1 : 0;
                }
            }
            return n;
        }
    }

    /** {@code count} records {@code {"v": n}} keyed by one of the keys at random, partitioned by key; counted into {@code expected}. */
    private static void produce(String topic, int count, Random random, Map<String, long[]> expected) {
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(KEYS);
            int v = random.nextInt(100);
            producer.send(new ProducerRecord<>(topic, utf8(key), utf8("{\"v\":" + v + "}")));
            long[] total = expected.computeIfAbsent(key, k -> new long[2]);
            total[0]++;
            total[1] += v;
        }
        producer.flush();
    }

    private static Map<String, String> asText(Map<String, long[]> expected) {
        Map<String, String> text = new HashMap<>();
        expected.forEach((k, t) -> text.put(k, t[0] + "/" + t[1]));
        return text;
    }

    /** The last count/sum of each key in the output, in the order written. */
    private static Map<String, String> lastTotals(List<String> written) {
        Map<String, String> totals = new HashMap<>();
        for (String v : written) {
            Matcher m = TOTAL.matcher(v);
            if (!m.matches()) {
                throw new AssertionError("unexpected output " + v);
            }
            totals.put(m.group(1), m.group(2) + "/" + m.group(3));
        }
        return totals;
    }
}
