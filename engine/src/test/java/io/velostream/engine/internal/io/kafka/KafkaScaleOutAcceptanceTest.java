package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.velostream.engine.job.JobMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.velostream.engine.internal.io.kafka.AppInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test of issue 12 (docs/scaling.md#the-acceptance-test): one SQL application with a
 * GROUP BY on a column of the value (repartitioned), a tumbling window on event time and a
 * stream–table join, run by three instances in one JVM; one dies without committing, a fourth
 * joins. Read read_committed, the outputs are exact in transactional mode and complete (at least once) in
 * simple mode.
 */
@Timeout(300)
class KafkaScaleOutAcceptanceTest extends KafkaTestSupport {
    private static final int PARTITIONS = 6;
    /**
     * Event times of now, not of a fixed past day: records older than the topics' retention (7 days) would be
     * deleted by the broker's retention check while the test reads them.
     */
    private static final long BASE = System.currentTimeMillis() / 60_000 * 60_000;
    /** Event time advances by this much per trade: a 10 s window holds 200 trades. */
    private static final long STEP = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Trade keys and customers, at least two of each per partition (as the default partitioner places them). */
    private final List<String> keys = coveringEveryPartition("k");
    private final List<String> customers = coveringEveryPartition("c");
    private int sent;
    private final Map<String, long[]> byCustomer = new TreeMap<>(); // n, total
    private final Map<String, Long> byTier = new TreeMap<>();
    private final Map<String, Long> perWindow = new TreeMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"transactional", "simple"})
    void threeInstancesOneDiesAnotherJoinsAndTheOutputsAreExactOrComplete(String mode) throws Exception {
        String trades = topic(PARTITIONS);
        String table = topic(1);
        String totalsOut = topic(1);
        String windowsOut = topic(1);
        String tiersOut = topic(1);
        for (int i = 0; i < customers.size(); i++) {
            send(table, customers.get(i), "{\"customer\":\"" + customers.get(i) + "\",\"tier\":\"" + tier(i) + "\"}");
        }
        String group = group();
        String sql = """
                CREATE STREAM by_customer AS SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM trades
                GROUP BY customer
                WITH ('mode' = '%1$s', 'batch.size' = '20',
                      'trades.type' = 'kafka_source', 'trades.topic' = '%2$s', 'trades.group.id' = '%3$s-totals',
                      'by_customer.type' = 'kafka_sink', 'by_customer.topic' = '%4$s');
                CREATE STREAM per_window AS SELECT _key AS k, _window_start AS ws, COUNT(*) AS n FROM trades
                GROUP BY _key WINDOW TUMBLING(10s)
                WITH ('mode' = '%1$s', 'batch.size' = '20',
                      'trades.type' = 'kafka_source', 'trades.topic' = '%2$s', 'trades.group.id' = '%3$s-windows',
                      'per_window.type' = 'kafka_sink', 'per_window.topic' = '%5$s');
                CREATE STREAM by_tier AS SELECT t._key AS k, c.tier AS tier, COUNT(*) AS n
                FROM trades t JOIN customers c ON t.customer = c.customer GROUP BY t._key, c.tier
                WITH ('mode' = '%1$s', 'batch.size' = '20',
                      'trades.type' = 'kafka_source', 'trades.topic' = '%2$s', 'trades.group.id' = '%3$s-tiers',
                      'customers.type' = 'kafka_table', 'customers.topic' = '%6$s', 'customers.primary_key' = 'customer',
                      'by_tier.type' = 'kafka_sink', 'by_tier.topic' = '%7$s')"""
                .formatted(mode, trades, group, totalsOut, windowsOut, table, tiersOut);
        produce(trades, 200);
        try (AppInstance a = new AppInstance("a", sql, options("a")); AppInstance b = new AppInstance("b", sql, options("b"))) {
            // Trades keep coming to every partition until each instance's every job has its share.
            await(() -> produce(trades, 6) && a.everyJobReads() && b.everyJobReads(), "a and b read", a, b);
            try (AppInstance c = new AppInstance("c", sql, options("c"))) {
                a.resetReads();
                await(() -> produce(trades, 6) && a.everyJobReads() && c.everyJobReads(), "c joins", a, b, c);
                a.crash();
                await(() -> produce(trades, 6) && a.crashed(), "a dies without committing", b, c);
                // d runs every job on two threads, which share d's partitions as instances do (docs/scaling.md#threads).
                try (AppInstance d = new AppInstance("d", sql, options("d", 2))) {
                    await(() -> produce(trades, 6) && d.everyJobReads(), "d joins", b, c, d);
                    produce(trades, 200);
                    // A trade of every key 10 minutes later closes every window before it (each task's watermark).
                    sent = (int) (10 * 60_000 / STEP);
                    produce(trades, keys.size());
                    await(() -> shortfall(mode, totalsOut, windowsOut, tiersOut).isEmpty(), () -> "the outputs count"
                            + " every trade; they lack: " + shortfall(mode, totalsOut, windowsOut, tiersOut) + "; "
                            + jobs(b, c, d), b, c, d);
                    for (String job : List.of("by_customer", "per_window", "by_tier")) {
                        assertThat(b.metrics(job).tasks() + c.metrics(job).tasks() + d.metrics(job).tasks())
                                .as(job + " runs as tasks, every partition's on one instance").isEqualTo(PARTITIONS);
                    }
                }
            }
        }
        if (mode.equals("transactional")) {
            assertThat(totals(totalsOut)).as("exact").isEqualTo(expectedTotals());
            assertThat(tiers(tiersOut)).as("exact").isEqualTo(byTier);
            assertThat(windows(windowsOut)).as("each window's result once, exact")
                    .containsExactlyInAnyOrderElementsOf(expectedWindows());
            Map<String, List<Long>> counts = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : committed(totalsOut)) {
                JsonNode row = row(r);
                counts.computeIfAbsent(row.get("customer").asText(), k -> new ArrayList<>()).add(row.get("n").asLong());
            }
            counts.forEach((customer, ns) -> {
                for (int i = 0; i < ns.size(); i++) {
                    assertThat(ns.get(i)).as(customer + ": one update per trade, each counted once").isEqualTo(i + 1);
                }
            });
        }
    }

    /**
     * What the outputs lack, or "" when they are complete: exact in transactional mode; in simple mode
     * every key present and each count at least the reference (at least once).
     */
    private String shortfall(String mode, String totalsOut, String windowsOut, String tiersOut) {
        Map<String, String> totals = totals(totalsOut);
        Map<String, Long> tiers = tiers(tiersOut);
        Map<String, Long> maxPerWindow = new TreeMap<>();
        for (String w : windows(windowsOut)) {
            String[] parts = w.split(" ");
            maxPerWindow.merge(parts[0], Long.parseLong(parts[1]), Math::max);
        }
        boolean exact = mode.equals("transactional");
        List<String> lacking = new ArrayList<>();
        expectedTotals().forEach((customer, expected) -> {
            String read = totals.get(customer);
            long n = read == null ? -1 : Long.parseLong(read.split(" ")[0]);
            if (exact ? !expected.equals(read) : n < Long.parseLong(expected.split(" ")[0])) {
                lacking.add("totals " + customer + "=" + read + " not " + expected);
            }
        });
        byTier.forEach((key, expected) -> {
            Long read = tiers.get(key);
            if (read == null || (exact ? !read.equals(expected) : read < expected)) {
                lacking.add("tier " + key + "=" + read + " not " + expected);
            }
        });
        for (String w : expectedWindows()) {
            String[] parts = w.split(" ");
            Long read = maxPerWindow.get(parts[0]);
            long expected = Long.parseLong(parts[1]);
            if (read == null || (exact ? read != expected : read < expected)) {
                lacking.add("window " + parts[0] + "=" + read + " not " + expected);
            }
        }
        return String.join(", ", lacking);
    }

    /** {@code count} trades, keys and customers in turn, event time {@value #STEP} ms apart; counted into the reference. */
    private boolean produce(String topic, int count) {
        for (int i = sent; i < sent + count; i++) {
            String key = keys.get(i % keys.size());
            int c = i % customers.size();
            String customer = customers.get(c);
            long amount = i % 10 + 1;
            long time = BASE + i * STEP;
            producer.send(new ProducerRecord<>(topic, null, time, utf8(key),
                    utf8("{\"customer\":\"" + customer + "\",\"amount\":" + amount + "}")));
            long[] total = byCustomer.computeIfAbsent(customer, k -> new long[2]);
            total[0]++;
            total[1] += amount;
            byTier.merge(key + "|" + tier(c), 1L, Long::sum);
            perWindow.merge(key + "@" + (time - time % 10_000), 1L, Long::sum);
        }
        sent += count;
        producer.flush();
        return true;
    }

    private static String tier(int customer) {
        return customer % 3 == 0 ? "gold" : "silver";
    }

    private Map<String, String> expectedTotals() {
        Map<String, String> expected = new TreeMap<>();
        byCustomer.forEach((c, t) -> expected.put(c, t[0] + " " + t[1]));
        return expected;
    }

    /** The windows that closed: all but those of the last trades, 10 minutes later. */
    private List<String> expectedWindows() {
        long last = BASE + (sent - 1) * STEP;
        return perWindow.entrySet().stream().filter(e -> !e.getKey().endsWith("@" + (last - last % 10_000)))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    private static Map<String, String> totals(String topic) {
        Map<String, String> latest = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = row(r);
            latest.put(row.get("customer").asText(), row.get("n").asLong() + " " + row.get("total").asLong());
        }
        return latest;
    }

    private static Map<String, Long> tiers(String topic) {
        Map<String, Long> latest = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = row(r);
            latest.put(row.get("k").asText() + "|" + row.get("tier").asText(), row.get("n").asLong());
        }
        return latest;
    }

    private static List<String> windows(String topic) {
        List<String> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            JsonNode row = row(r);
            rows.add(row.get("k").asText() + "@" + row.get("ws").asLong() + " " + row.get("n").asLong());
        }
        return rows;
    }

    private static JsonNode row(ConsumerRecord<byte[], byte[]> r) {
        try {
            return JSON.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each instance's jobs: tasks, records read, late records, retries, records restored. */
    private static String jobs(AppInstance... is) {
        StringBuilder sb = new StringBuilder();
        for (AppInstance i : is) {
            for (String job : List.of("by_customer-repartition", "by_customer", "per_window", "by_tier")) {
                JobMetrics m = i.metrics(job);
                sb.append(i.id).append('/').append(job).append(" tasks=").append(m.tasks()).append(" in=")
                        .append(m.recordsIn()).append(" late=").append(m.lateRecords()).append(" retries=")
                        .append(m.retries()).append(" restored=").append(m.recordsRestored()).append("; ");
            }
        }
        return sb.toString();
    }

    /** Names {@code prefix0}, {@code prefix1}, … until every partition of {@value #PARTITIONS} has two. */
    private static List<String> coveringEveryPartition(String prefix) {
        List<String> names = new ArrayList<>();
        int[] perPartition = new int[PARTITIONS];
        for (int i = 0, covered = 0; covered < PARTITIONS; i++) {
            String name = prefix + i;
            names.add(name);
            if (++perPartition[Utils.toPositive(Utils.murmur2(utf8(name))) % PARTITIONS] == 2) {
                covered++;
            }
        }
        return names;
    }
}
