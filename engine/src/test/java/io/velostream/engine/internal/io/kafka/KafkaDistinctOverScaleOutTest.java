package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.CompiledApplication;
import io.velostream.engine.app.JobPlan;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.velostream.engine.internal.io.kafka.AppInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SELECT DISTINCT and OVER (PARTITION BY …) on value columns scale out as GROUP BY does
 * (docs/scaling.md#repartition): repartitioned by the DISTINCT row's values or by the PARTITION BY,
 * their state run as tasks. Two instances of one application share a topic of six randomly keyed
 * partitions, the second joining while the first runs.
 */
@Timeout(240)
class KafkaDistinctOverScaleOutTest extends KafkaTestSupport {
    private static final int PARTITIONS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each distinct (customer, region) row once read_committed in transactional mode, every one in simple mode. */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aDistinctOnValueColumnsRunsAsTasksOnTwoInstances(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM seen AS SELECT DISTINCT customer, region FROM orders WHERE amount > 0
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'seen.type' = 'kafka_sink', 'seen.topic' = '%s')""".formatted(mode, in, group(), out);
        Random random = new Random(11);
        Set<String> expected = new HashSet<>();
        Orders orders = new Orders(in, random);
        orders.produce(80, 10, expected::add);
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read("seen") > 0, "instance a reads", a);
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                await(() -> {
                    orders.produce(PARTITIONS * 2, 10, expected::add);
                    return b.everyJobReads();
                }, "instance b reads in both stages", a, b);
                a.resetReads();
                b.resetReads();
                orders.produce(120, 20, expected::add); // new customers too: rows first seen after b joined
                await(() -> new HashSet<>(rows(out)).equals(expected),
                        () -> "every distinct row: expected " + expected.size() + ", read " + new HashSet<>(rows(out)).size(), a, b);
                assertThat(a.metrics("seen").tasks() + b.metrics("seen").tasks()).as("the six tasks shared")
                        .isEqualTo(PARTITIONS);
                assertThat(b.metrics("seen").tasks()).isPositive();
            }
        }
        List<String> output = rows(out);
        if (mode.equals("transactional")) {
            assertThat(output).as("each distinct row exactly once").containsExactlyInAnyOrderElementsOf(expected);
        } else {
            assertThat(new HashSet<>(output)).as("every distinct row, at least once").isEqualTo(expected);
        }
        assertThat(partitions(application + "-seen-distinct-changelog")).as("a changelog partition per task")
                .isEqualTo(PARTITIONS);
        assertThat(partitions(application + "-seen-repartition-0")).isEqualTo(PARTITIONS);
    }

    /**
     * A running COUNT and SUM per customer: in transactional mode each customer's counts are 1, 2, … n in the
     * output (every input once, in its partition's order) and its last sum is the sum of its amounts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void anOverPartitionedByAValueColumnRunsAsTasksOnTwoInstances(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM running AS SELECT id, customer, COUNT(*) OVER (PARTITION BY customer) AS n,
                       SUM(amount) OVER (PARTITION BY customer) AS total FROM orders
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'running.type' = 'kafka_sink', 'running.topic' = '%s')""".formatted(mode, in, group(), out);
        Orders orders = new Orders(in, new Random(5));
        orders.produce(60, 12, row -> { });
        try (AppInstance a = new AppInstance("a", sql, options("a"))) {
            await(() -> a.read("running") > 0, "instance a reads", a);
            try (AppInstance b = new AppInstance("b", sql, options("b"))) {
                await(() -> {
                    orders.produce(PARTITIONS * 2, 12, row -> { });
                    return b.everyJobReads();
                }, "instance b reads in both stages", a, b);
                orders.produce(100, 12, row -> { });
                await(() -> ids(out).containsAll(orders.amounts.keySet()),
                        () -> "every input in the output: " + ids(out).size() + " of " + orders.amounts.size(), a, b);
                assertThat(a.metrics("running").tasks() + b.metrics("running").tasks()).isEqualTo(PARTITIONS);
                assertThat(b.metrics("running").tasks()).isPositive();
            }
        }
        Map<String, List<Long>> counts = new TreeMap<>();
        Map<String, Long> lastTotal = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(out)) {
            JsonNode row = json(r);
            String customer = row.get("customer").asText();
            counts.computeIfAbsent(customer, c -> new ArrayList<>()).add(row.get("n").asLong());
            lastTotal.put(customer, row.get("total").asLong());
            ids.add(row.get("id").asLong());
        }
        if (mode.equals("transactional")) {
            assertThat(ids).as("every input exactly once").containsExactlyInAnyOrderElementsOf(orders.amounts.keySet());
            counts.forEach((customer, ns) -> assertThat(ns).as(customer)
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, ns.size()).boxed().toList()));
            assertThat(lastTotal).as("each customer's sum over its partition").isEqualTo(orders.totals());
        } else {
            assertThat(new HashSet<>(ids)).as("every input at least once").isEqualTo(orders.amounts.keySet());
        }
        assertThat(partitions(application + "-running-rows-changelog")).isEqualTo(PARTITIONS);
    }

    /** The examples of docs/scaling.md#repartition. */
    @Test
    void validateExplainShowsTheRepartitionOfADistinctAndOfAnOver() throws Exception {
        String in = topic(PARTITIONS);
        String sql = """
                CREATE STREAM seen AS SELECT DISTINCT customer, region FROM orders WHERE amount > 0
                WITH ('mode' = 'transactional', 'orders.type' = 'kafka_source', 'orders.topic' = '%s',
                      'seen.type' = 'kafka_sink');
                CREATE STREAM running AS
                SELECT id, customer, COUNT(*) OVER (PARTITION BY customer) AS n,
                       SUM(amount) OVER (PARTITION BY customer ORDER BY ts ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS last10
                FROM orders
                WITH ('mode' = 'transactional', 'orders.type' = 'kafka_source', 'orders.topic' = '%s',
                      'running.type' = 'kafka_sink')"""
                .formatted(in, in);
        CompiledApplication app = check(sql);
        assertThat(app.jobNames()).containsExactly("seen-repartition", "seen", "running-repartition", "running");
        List<JobPlan> plans = app.explain();
        assertThat(plans.get(0).topicsCreated()).containsExactly(application + "-seen-repartition-0");
        assertThat(plans.get(1).sources()).containsExactly(application + "-seen-repartition-0 (kafka_source)");
        assertThat(plans.get(1).operators()).singleElement().asString().contains("DistinctOperator");
        assertThat(plans.get(1).stateStores()).containsExactly("distinct: changelog " + application + "-seen-distinct-changelog");
        assertThat(plans.get(2).topicsWritten()).containsExactly(application + "-running-repartition-0");
        assertThat(plans.get(3).operators()).singleElement().asString().contains("AnalyticOperator");
        assertThat(plans.get(3).stateStores()).containsExactly("rows: changelog " + application + "-running-rows-changelog");
        assertThat(app.warnings()).isEmpty();
    }

    @Test
    void anOverWithoutOneSharedPartitionByOrADistinctOfAnOpenStarIsNotRepartitionedAndSaysWhy() throws Exception {
        String in = topic(PARTITIONS);
        String sql = """
                CREATE STREAM a AS SELECT id, COUNT(*) OVER (ORDER BY id) AS n FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'a.type' = 'kafka_sink');
                CREATE STREAM b AS SELECT COUNT(*) OVER (PARTITION BY customer) AS n, COUNT(*) OVER (PARTITION BY region) AS m
                FROM orders WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'b.type' = 'kafka_sink');
                CREATE STREAM c AS SELECT DISTINCT * FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'c.type' = 'kafka_sink');
                CREATE STREAM d AS SELECT DISTINCT _key, customer FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'd.type' = 'kafka_sink');
                CREATE STREAM e AS SELECT DISTINCT _key, COUNT(*) OVER (PARTITION BY _key) AS n FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'e.type' = 'kafka_sink')"""
                .formatted(in, in, in, in, in);
        CompiledApplication app = check(sql);
        assertThat(app.jobNames()).as("d is keyed by _key already: no repartition, no warning")
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(app.warnings()).extracting(w -> w.message()).satisfiesExactly(
                w -> assertThat(w).contains("job a is not repartitioned, so it runs on one instance only")
                        .contains("an OVER clause has no PARTITION BY"),
                w -> assertThat(w).contains("job b is not repartitioned").contains("different PARTITION BY lists"),
                w -> assertThat(w).contains("job c is not repartitioned").contains("selects * of a source whose columns"),
                w -> assertThat(w).contains("job e is not repartitioned").contains("combines DISTINCT with OVER"));
    }

    private CompiledApplication check(String sql) {
        return ApplicationCompiler.withBuiltins().check(sql, options());
    }

    /** Orders with random keys (so spread over every partition), ids from 0, amounts from 1 to 9. */
    private static final class Orders {
        final String topic;
        final Random random;
        /** Amount by id, of every order produced. */
        final Map<Long, Long> amounts = new TreeMap<>();
        final Map<Long, String> customers = new HashMap<>();

        Orders(String topic, Random random) {
            this.topic = topic;
            this.random = random;
        }

        /** {@code n} orders of customers {@code c0}…{@code c<customers-1>}; each passing row "customer|region" to {@code rows}. */
        void produce(int n, int customerCount, java.util.function.Consumer<String> rows) {
            for (int i = 0; i < n; i++) {
                long id = amounts.size();
                String customer = "c" + random.nextInt(customerCount);
                String region = "r" + random.nextInt(3);
                long amount = random.nextInt(10); // 0: filtered out by the DISTINCT's WHERE
                producer.send(new ProducerRecord<>(topic, utf8(UUID.randomUUID().toString()), utf8(
                        "{\"id\":" + id + ",\"customer\":\"" + customer + "\",\"region\":\"" + region + "\",\"amount\":" + amount + "}")));
                amounts.put(id, amount);
                customers.put(id, customer);
                if (amount > 0) {
                    rows.accept(customer + "|" + region);
                }
            }
            producer.flush();
        }

        Map<String, Long> totals() {
            Map<String, Long> totals = new HashMap<>();
            amounts.forEach((id, amount) -> totals.merge(customers.get(id), amount, Long::sum));
            return totals;
        }
    }

    private static List<String> rows(String topic) {
        List<String> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = json(r);
            rows.add(row.get("customer").asText() + "|" + row.get("region").asText());
        }
        return rows;
    }

    private static Set<Long> ids(String topic) {
        Set<Long> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            ids.add(json(r).get("id").asLong());
        }
        return ids;
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
        try {
            return JSON.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
