package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.app.CompiledApplication;
import io.velostream.engine.app.JobPlan;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.sql.SqlException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repartition of a GROUP BY whose input is not keyed by its groups (docs/scaling.md#repartition):
 * a topic of four partitions with randomly keyed records, grouped by a column of the value.
 */
@Timeout(180)
class KafkaRepartitionTest extends KafkaTestSupport {
    private static final int PARTITIONS = 4;
    private static final int CUSTOMERS = 7;
    /** Decimals as written (the default node factory would strip their trailing zeros). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aGroupByOnAColumnOfTheValueGivesExactTotalsThroughTheRepartitionTopic(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders
                WHERE amount > 0 GROUP BY customer
                WITH ('mode' = '%s', 'batch.size' = '50', 'repartition.purge.interval.ms' = '200',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, group(), out);
        Map<String, String> expected = produceOrders(in, 600, 0, new Random(42));
        String repartition = application + "-totals-repartition-0";

        try (Running app = new Running(sql)) {
            await(() -> latestByKey(out).equals(expected), "the totals are final", app);
            // Stage 2 deletes what it committed from the repartition topic, at most every 200 ms.
            await(() -> beginningOffsets(repartition).values().stream().mapToLong(Long::longValue).sum() > 0,
                    "the repartition topic is purged", app);
        }
        assertThat(latestByKey(out)).isEqualTo(expected);
        assertThat(partitionCount(repartition)).isEqualTo(PARTITIONS);
        assertThat(topicConfig(repartition, TopicConfig.RETENTION_MS_CONFIG))
                .as("purged once read, never by the age of its (source) timestamps").isEqualTo("-1");
        if (mode.equals("transactional")) {
            // Every input counted once: each customer's outputs count 1, 2, … n, one update per input, none twice.
            Map<String, List<Long>> counts = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : committed(out)) {
                JsonNode row = JSON.readTree(r.value());
                counts.computeIfAbsent(row.get("customer").asText(), c -> new ArrayList<>()).add(row.get("n").asLong());
            }
            counts.forEach((customer, ns) -> {
                List<Long> oneByOne = new ArrayList<>();
                for (long i = 1; i <= ns.size(); i++) {
                    oneByOne.add(i);
                }
                assertThat(ns).as(customer).isEqualTo(oneByOne);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aTumblingWindowOnAColumnOfTheValueClosesEachWindowOnceWithExactResults(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM per_window AS SELECT customer, _window_start AS ws, COUNT(*) AS n, SUM(amount) AS total
                FROM orders WHERE amount > 0 GROUP BY customer WINDOW TUMBLING(10s)
                WITH ('mode' = '%s', 'batch.size' = '50', 'watermark.max_out_of_orderness' = '1m',
                      'repartition.purge.interval.ms' = '600000',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'per_window.type' = 'kafka_sink', 'per_window.topic' = '%s')""".formatted(mode, in, group(), out);
        long base = 1_700_000_000_000L;
        Random random = new Random(7);
        Map<String, long[]> windows = new TreeMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        Set<Long> times = new HashSet<>();
        int passing = 0;
        for (int i = 0; i < 400; i++) {
            String customer = "c" + random.nextInt(CUSTOMERS);
            long t = base + random.nextInt(40_000);
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(2000) - 100, 2);
            send(new ProducerRecord<>(in, null, t, utf8(UUID.randomUUID().toString()),
                    utf8("{\"customer\":\"" + customer + "\",\"amount\":" + amount.toPlainString() + "}")));
            if (amount.signum() > 0) {
                String window = customer + "@" + (t - t % 10_000);
                windows.computeIfAbsent(window, w -> new long[1])[0]++;
                sums.merge(window, amount, BigDecimal::add);
                times.add(t);
                passing++;
            }
        }
        Map<String, String> expected = new TreeMap<>();
        windows.forEach((w, n) -> expected.put(w, n[0] + " " + sums.get(w).toPlainString()));
        String repartition = application + "-per_window-repartition-0";

        try (Running app = new Running(sql)) {
            int written = passing;
            // Asked only once stage 1 created it: a consumer asking first would have the broker create it with one partition.
            await(() -> exists(repartition) && committed(repartition).size() == written, "stage 1 wrote every record", app);
            // Then records 10 minutes later from every source partition into every repartition partition move the
            // watermark, the minimum over those streams (docs/scaling.md#repartition), past the windows.
            times.add(base + 600_000);
            for (String flush : keyPerPartition()) {
                for (int p = 0; p < PARTITIONS; p++) {
                    send(new ProducerRecord<>(in, p, base + 600_000, utf8(flush),
                            utf8("{\"customer\":\"" + flush + "\",\"amount\":1}")));
                }
            }
            await(() -> windowResults(out).size() >= expected.size(), "every window closed", app);
        }
        List<String> results = windowResults(out);
        assertThat(results).as("each window once, exact").containsExactlyInAnyOrderElementsOf(
                expected.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());

        List<ConsumerRecord<byte[], byte[]>> repartitioned = committed(repartition);
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : repartitioned) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(partitionOf.computeIfAbsent(key, k -> r.partition())).as("group " + key + " in one partition")
                    .isEqualTo(r.partition());
            assertThat(times).as("the record's timestamp is its event time").contains(r.timestamp());
        }
        assertThat(partitionOf.keySet()).as("keyed by the customer").allMatch(k -> k.matches("c\\d|flush\\d+"));
    }

    /**
     * Source partition 1 lags behind partition 0: stage 1 writes partition 0's records of 100 s into the
     * repartition topic before partition 1's of 15 s. Partition 1's records are still counted in their window,
     * as in a job reading the source itself, though the repartition partitions have seen 100 s already.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void recordsOfASourcePartitionThatLagsAreNotLateInTheAggregation(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM per_window AS SELECT customer, _window_start AS ws, COUNT(*) AS n FROM orders
                GROUP BY customer WINDOW TUMBLING(10s)
                WITH ('mode' = '%s', 'batch.size' = '50', 'repartition.purge.interval.ms' = '600000',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'per_window.type' = 'kafka_sink', 'per_window.topic' = '%s')""".formatted(mode, in, group(), out);
        String repartition = application + "-per_window-repartition-0";
        List<String> customers = keyPerPartition(); // a group in every repartition partition
        try (Running app = new Running(sql)) {
            int written = 0;
            for (String customer : customers) { // both source partitions seen at 5 s by every group
                order(in, 0, 5_000, customer);
                order(in, 1, 5_000, customer);
                written += 2;
            }
            int phase1 = written;
            await(() -> exists(repartition) && committed(repartition).size() == phase1, "stage 1 wrote 5 s", app);
            for (String customer : customers) { // partition 0 moves on to 100 s
                order(in, 0, 100_000, customer);
                written++;
            }
            int phase2 = written;
            await(() -> committed(repartition).size() == phase2, "stage 1 wrote 100 s", app);
            for (String customer : customers) { // partition 1 catches up: 15 s, behind 100 s in the repartition topic
                order(in, 1, 15_000, customer);
            }
            for (String customer : customers) { // both at 200 s: every window before closes
                order(in, 0, 200_000, customer);
                order(in, 1, 200_000, customer);
            }
            await(() -> windowCounts(out).size() >= 3 * customers.size(), "the windows closed", app, () -> windowCounts(out));
        }
        List<String> expected = new ArrayList<>();
        for (String customer : customers) {
            expected.add(customer + "@0 2");
            expected.add(customer + "@10000 1");
            expected.add(customer + "@100000 1");
        }
        assertThat(windowCounts(out)).as("the 15 s records counted, each window once").containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void order(String topic, int partition, long time, String customer) throws Exception {
        send(new ProducerRecord<>(topic, partition, time, utf8(UUID.randomUUID().toString()),
                utf8("{\"customer\":\"" + customer + "\"}")));
    }

    private static List<String> windowCounts(String topic) throws Exception {
        List<String> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = JSON.readTree(r.value());
            rows.add(row.get("customer").asText() + "@" + row.get("ws").asLong() + " " + row.get("n").asLong());
        }
        return rows;
    }

    @Test
    void validateExplainShowsBothStagesAndTheRepartitionTopic() throws Exception {
        String in = topic(PARTITIONS);
        String sql = """
                CREATE STREAM totals AS SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = 'totals_out')""".formatted(in);
        CompiledApplication app = check(sql);
        String topic = application + "-totals-repartition-0";
        assertThat(app.jobNames()).containsExactly("totals-repartition", "totals");
        List<JobPlan> plans = app.explain();
        assertThat(plans).hasSize(2);
        JobPlan stage1 = plans.get(0);
        assertThat(stage1.name()).isEqualTo("totals-repartition");
        assertThat(stage1.sources()).containsExactly("orders (kafka_source)");
        assertThat(stage1.sink()).isEqualTo(topic + " (kafka_sink)");
        assertThat(stage1.stateStores()).isEmpty();
        assertThat(stage1.scaling()).startsWith("stateless");
        assertThat(stage1.topicsRead()).containsExactly(in);
        assertThat(stage1.topicsWritten()).containsExactly(topic);
        assertThat(stage1.topicsCreated()).containsExactly(topic);
        JobPlan stage2 = plans.get(1);
        assertThat(stage2.name()).isEqualTo("totals");
        assertThat(stage2.sources()).containsExactly(topic + " (kafka_source)");
        assertThat(stage2.topicsRead()).containsExactly(topic);
        assertThat(stage2.topicsWritten()).containsExactly("totals_out");
        assertThat(stage2.stateStores()).hasSize(1);
        assertThat(stage2.scaling()).isEqualTo("tasks, one per partition of " + topic
                + ", shared by replicas and threads (docs/scaling.md#tasks)");
        assertThat(app.jobs()).extracting(CompiledApplication.JobStatement::sink).containsExactly(topic, "totals");
    }

    @Test
    void aSinglePartitionSourceOrAGroupByTheKeyOrAKeyedSourceIsOneJob() throws Exception {
        String one = topic(1);
        String four = topic(PARTITIONS);
        String sql = """
                CREATE STREAM a AS SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'a.type' = 'kafka_sink');
                CREATE STREAM b AS SELECT _key, COUNT(*) AS n FROM orders GROUP BY _key
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'b.type' = 'kafka_sink');
                CREATE STREAM c AS SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.keyed_by_group' = 'true',
                      'c.type' = 'kafka_sink');
                CREATE STREAM d AS SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true',
                      'd.type' = 'kafka_sink')""".formatted(one, four, four, four);
        CompiledApplication app = check(sql);
        assertThat(app.jobNames()).containsExactly("a", "b", "c", "d");
        assertThat(app.explain()).allSatisfy(p -> assertThat(p.topicsCreated()).noneMatch(t -> t.contains("repartition")));
    }

    @Test
    void aJobReadingASystemColumnOfTheSourceIsNotRepartitionedAndSaysSo() throws Exception {
        String sql = """
                CREATE STREAM totals AS SELECT customer, MAX(_partition) AS p FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'totals.type' = 'kafka_sink')"""
                .formatted(topic(PARTITIONS));
        CompiledApplication app = check(sql);
        assertThat(app.jobNames()).containsExactly("totals");
        assertThat(app.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .contains("job totals is not repartitioned, so it runs on one instance only")
                .contains("it reads _partition"));
    }

    @Test
    void anExistingRepartitionTopicWithAnotherPartitionCountIsAStartupError() throws Exception {
        String topic = application + "-totals-repartition-0";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'totals.type' = 'kafka_sink')"""
                .formatted(topic(PARTITIONS));
        assertThatThrownBy(() -> prepare(sql).nextJob()).isInstanceOf(SqlException.class)
                .hasMessageContaining("kafka_sink '" + topic + "': topic '" + topic + "' exists with 2 partitions,"
                        + " but the job needs 4 (the partition count of its input)")
                .hasMessageContaining("docs/scaling.md#repartition");
    }

    @Test
    void aMissingSourceTopicIsTheClearErrorOfAMissingTopic() {
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'no_such_topic', 'totals.type' = 'kafka_sink',
                      'orders.allow.auto.create.topics' = 'false')""";
        assertThatThrownBy(() -> check(sql)).isInstanceOf(SqlException.class)
                .hasMessageContaining("kafka_source 'orders': topic 'no_such_topic' does not exist");
    }

    private CompiledApplication check(String sql) {
        return io.velostream.engine.app.ApplicationCompiler.withBuiltins().check(sql, options());
    }

    /** {@code n} orders of {@value #CUSTOMERS} customers with random keys; @return per customer "count total" of amount > 0. */
    private static Map<String, String> produceOrders(String topic, int n, long timestamp, Random random) throws Exception {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> totals = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String customer = "c" + random.nextInt(CUSTOMERS);
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(2000) - 100, 2);
            producer.send(new ProducerRecord<>(topic, utf8(UUID.randomUUID().toString()),
                    utf8("{\"customer\":\"" + customer + "\",\"amount\":" + amount.toPlainString() + "}")));
            if (amount.signum() > 0) {
                counts.computeIfAbsent(customer, c -> new long[1])[0]++;
                totals.merge(customer, amount, BigDecimal::add);
            }
        }
        producer.flush();
        Map<String, String> expected = new TreeMap<>();
        counts.forEach((c, k) -> expected.put(c, k[0] + " " + totals.get(c).toPlainString()));
        return expected;
    }

    /** The last row per key of a GROUP BY's output, read committed, as "n total". */
    private static Map<String, String> latestByKey(String topic) throws Exception {
        Map<String, String> latest = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = JSON.readTree(r.value());
            latest.put(new String(r.key(), StandardCharsets.UTF_8),
                    row.get("n").asLong() + " " + row.get("total").decimalValue().toPlainString());
        }
        return latest;
    }

    private static List<String> windowResults(String topic) throws Exception {
        List<String> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = JSON.readTree(r.value());
            rows.add(row.get("customer").asText() + "@" + row.get("ws").asLong() + " " + row.get("n").asLong() + " "
                    + row.get("total").decimalValue().toPlainString());
        }
        return rows;
    }

    /** One key per partition of a topic of {@value #PARTITIONS}, as the default partitioner places keys. */
    private static List<String> keyPerPartition() {
        Map<Integer, String> keys = new TreeMap<>();
        for (int i = 0; keys.size() < PARTITIONS; i++) {
            String key = "flush" + i;
            keys.putIfAbsent(Utils.toPositive(Utils.murmur2(utf8(key))) % PARTITIONS, key);
        }
        return List.copyOf(keys.values());
    }

    private static Map<TopicPartition, Long> beginningOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            return c.beginningOffsets(tps);
        }
    }

    private static boolean exists(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.listTopics().names().get().contains(topic);
        }
    }

    private static String topicConfig(String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
        }
    }

    private static int partitionCount(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return c.partitionsFor(topic).size();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, checking it every 200 ms; fails at once when the application failed. */
    private static void await(Condition condition, String what, Running app) throws Exception {
        await(condition, what, app, () -> "");
    }

    private interface Seen {
        Object now() throws Exception;
    }

    /** As above; on a timeout the message says what was seen. */
    private static void await(Condition condition, String what, Running app, Seen seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.holds()) {
            if (app.done.isDone()) {
                app.done.get(); // the failure, or the end that should not have come
                throw new AssertionError("the application ended before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; seen: " + seen.now());
            }
            Thread.sleep(200);
        }
    }

    /** The application run as the command line runs it ({@link ApplicationRunner}), on a thread of its own. */
    private final class Running implements AutoCloseable {
        final ApplicationRunner runner = new ApplicationRunner();
        final CompletableFuture<Map<String, JobMetrics>> done;
        final String sql;

        Running(String sql) {
            this.sql = sql;
            Supplier<Map<String, JobMetrics>> run = () -> runner.runAll(prepare(sql));
            done = CompletableFuture.supplyAsync(run, r -> new Thread(r, "app-" + application).start());
        }

        @Override
        public void close() throws Exception {
            runner.stop();
            Map<String, JobMetrics> metrics = done.get(60, TimeUnit.SECONDS);
            String job = prepare(sql).jobNames().get(1);
            assertThat(metrics.keySet()).as("both stages ran, the repartition first")
                    .containsExactly(job + "-repartition", job);
            assertThat(metrics.get(job + "-repartition").recordsIn()).as("stage 1 read the source").isPositive();
        }
    }
}
