package io.velostream.engine.internal.io.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: a GROUP BY in a separate JVM over 200K records, killed with SIGKILL at random
 * points of its progress and restarted each time. Transactional: the read_committed output must
 * equal the output of an uninterrupted run exactly — per key the counts 1…n in order, no
 * duplicate, no gap, each total the exact running sum. Simple: nothing is missing — every key's
 * last count reaches its number of inputs (batches repeated after a kill count again).
 *
 * <p>The suite kills 3 times in 200K records; issue 13's 20 kills in 1M records take
 * {@code benchmarks/run-crash-test.sh}, which sets {@code velostream.crash.records},
 * {@code velostream.crash.kills} and {@code velostream.crash.seed} (docs/reliability.md#faults).
 */
@Timeout(300)
class KafkaCrashTest extends KafkaTestSupport {
    private static final int RECORDS = Integer.getInteger("velostream.crash.records", 200_000);
    private static final int KILLS = Integer.getInteger("velostream.crash.kills", 3);
    private static final int KEYS = 10;
    private static final Path LOG = Path.of("target", "crash-test-jobs.log");
    private static final Pattern ROW = Pattern.compile("\\{\"k\":(\\d+),\"n\":(\\d+),\"total\":(\\d+)}");

    @ParameterizedTest
    @ValueSource(strings = {"transactional", "simple"})
    void outputAfterRepeatedKills(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        for (int i = 0; i < RECORDS; i++) {
            producer.send(new ProducerRecord<>(in, null, ("{\"k\":" + (i % KEYS) + ",\"v\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        String sql = """
                CREATE STREAM totals AS SELECT k, COUNT(*) AS n, SUM(v) AS total FROM src GROUP BY k EMIT CHANGES
                WITH ('mode' = '%s', 'batch.size' = '1000',
                      'src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = 'crash-%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, in, out);

        int kills = runKilled(sql, "crash-" + in, out, RECORDS);
        assertThat(kills).isEqualTo(KILLS);
        Map<Long, List<long[]>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(out)) {
            Matcher m = ROW.matcher(new String(r.value(), StandardCharsets.UTF_8));
            assertThat(m.matches()).as(new String(r.value(), StandardCharsets.UTF_8)).isTrue();
            byKey.computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>())
                    .add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        assertThat(byKey).hasSize(KEYS);
        if (mode.equals("simple")) {
            long duplicates = 0;
            for (long k = 0; k < KEYS; k++) {
                List<long[]> rows = byKey.get(k);
                long last = rows.get(rows.size() - 1)[0];
                assertThat(last).as("key %d: inputs counted (after %d kills)", k, kills).isGreaterThanOrEqualTo(RECORDS / KEYS);
                duplicates += last - RECORDS / KEYS;
            }
            assertThat(duplicates).as("inputs counted twice after %d kills", kills).isLessThanOrEqualTo(kills * 1000L);
            System.out.printf("FAULT FIGURE | SIGKILL x%d, GROUP BY, simple | records %d | lost 0 | inputs counted twice %d%n",
                    kills, RECORDS, duplicates);
            return;
        }
        for (long k = 0; k < KEYS; k++) {
            List<long[]> rows = byKey.get(k);
            assertThat(rows).as("key %d (after %d kills)", k, kills).hasSize(RECORDS / KEYS);
            long total = 0;
            for (int i = 0; i < rows.size(); i++) {
                total += k + (long) i * KEYS;
                assertThat(rows.get(i)).as("key %d row %d", k, i).containsExactly(i + 1, total);
            }
        }
        System.out.printf("FAULT FIGURE | SIGKILL x%d, GROUP BY, transactional | records %d | lost 0 | duplicated 0 | exact%n",
                kills, RECORDS);
    }

    /**
     * A tumbling-window job in transactional mode (docs/kafka.md#state), killed mid-run and
     * restarted: its windows, their groups and its watermark are restored from their changelogs, so
     * the read_committed output has each window's final result exactly once, counting every input
     * once.
     */
    @Test
    void aKilledWindowedJobEmitsEachWindowOnceWithItsExactCount() throws Exception {
        int records = 200_000;
        long perWindow = 1_000; // 10 s windows over event times 10 ms apart
        String in = topic(1);
        String out = topic(1);
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(in, null, ("{\"k\":" + (i % KEYS) + ",\"ts\":" + i * 10L + "}")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        String sql = """
                CREATE STREAM per10s AS SELECT k, COUNT(*) AS n, _window_start AS ws FROM src
                GROUP BY k WINDOW TUMBLING(10s)
                WITH ('mode' = 'transactional', 'batch.size' = '1000',
                      'src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = 'crash-%s',
                      'event.time.field' = 'ts',
                      'per10s.type' = 'kafka_sink', 'per10s.topic' = '%s')""".formatted(in, in, out);

        int windows = (int) (records / perWindow);
        assertThat(runKilled(sql, "crash-" + in, out, windows * KEYS)).isEqualTo(KILLS);

        Pattern row = Pattern.compile("\\{\"k\":(\\d+),\"n\":(\\d+),\"ws\":(\\d+)}");
        Map<String, Long> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(out)) {
            Matcher m = row.matcher(new String(r.value(), StandardCharsets.UTF_8));
            assertThat(m.matches()).as(new String(r.value(), StandardCharsets.UTF_8)).isTrue();
            assertThat(counts.put(m.group(1) + "@" + m.group(3), Long.parseLong(m.group(2))))
                    .as("window %s of key %s emitted twice", m.group(3), m.group(1)).isNull();
        }
        assertThat(counts).hasSize(windows * KEYS);
        assertThat(counts.values()).allMatch(n -> n == perWindow / KEYS);
        System.out.printf("FAULT FIGURE | SIGKILL x%d, TUMBLING window, transactional | records %d | windows %d"
                + " | each emitted once, exact%n", KILLS, records, counts.size());
    }

    /**
     * Runs the job in a JVM of its own, killed {@link #KILLS} times at random points of its
     * progress and restarted each time; the last run ends by itself.
     *
     * @param results the rows of the job's complete result: the kill marks are spaced over them
     * @return the kills made
     */
    private static int runKilled(String sql, String application, String out, int results) throws Exception {
        Random random = new Random(Long.getLong("velostream.crash.seed", 42));
        // Kill marks 1/5 to 5/5 of a step apart in output records: KILLS of them come before the
        // rows of the result, which the output log (rewritten rows included) only exceeds.
        int step = results / (KILLS + 1);
        int kills = 0;
        try (KafkaConsumer<byte[], byte[]> progress = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(out, 0);
            for (int run = 0; ; run++) {
                Process job = start(sql, application);
                // Killed at a random point of its progress: when the output log has grown past a random mark.
                long mark = progress.endOffsets(List.of(tp)).get(tp) + step / 5 + random.nextInt(step * 4 / 5);
                if (run < KILLS && !waitForOutputOrExit(job, progress, tp, mark)) {
                    job.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, a transaction may be left open
                    kills++;
                    continue;
                }
                assertThat(job.waitFor(Math.max(120, RECORDS / 2_000), TimeUnit.SECONDS)).as("the last run ends").isTrue();
                assertThat(job.exitValue()).as("exit code; output in %s", LOG.toAbsolutePath()).isZero();
                return kills;
            }
        }
    }

    /** @return true when the job ended before the output reached {@code mark} */
    private static boolean waitForOutputOrExit(Process job, KafkaConsumer<byte[], byte[]> progress, TopicPartition tp,
                                               long mark) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (job.waitFor(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (progress.endOffsets(List.of(tp)).get(tp) >= mark) {
                return false;
            }
        }
        throw new AssertionError("the job made no progress");
    }

    private static Process start(String sql, String application) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashJobMain.class.getName(),
                broker.getBrokersAsString(), sql, application)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile())).start();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return KafkaJobTest.readAll(topic, "read_committed");
    }
}
