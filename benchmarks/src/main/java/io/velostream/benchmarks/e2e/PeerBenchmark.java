package io.velostream.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end peer benchmark: N seeded trades in a 4-partition topic of a standalone broker, then
 * each contender in its own JVM, one at a time, each into a fresh output topic with a fresh group.
 * The output topic uses LogAppendTime, so "first to last output" is measured by the broker's clock.
 *
 * <p>{@code java -cp … io.velostream.benchmarks.e2e.PeerBenchmark [--records N] [--doc docs/benchmarks.md]}
 */
public final class PeerBenchmark {
    static final int PARTITIONS = 4;
    static final String CONTENDER_HEAP = "1g";
    static final String DOC_START = "<!-- peer-benchmark:start -->";
    static final String DOC_END = "<!-- peer-benchmark:end -->";

    /** What an output topic held when the contender was done, and what the contender's JVM cost. */
    public record Result(Contender contender, Workload workload, long inputRecords, long count, long idSum,
                         long firstAppendMs, long lastAppendMs, long cpuNs, long peakRssKb) {
        double recordsPerSecond() {
            return lastAppendMs > firstAppendMs ? inputRecords * 1000.0 / (lastAppendMs - firstAppendMs) : Double.NaN;
        }
    }

    /** Row count and sum of ids an output must have. */
    public record Expected(long count, long idSum) {
    }

    private final String bootstrapServers;
    private final long records;
    private final String input;
    private int runs;

    /** Creates the input topic and loads {@code records} trades into it. */
    public PeerBenchmark(String bootstrapServers, long records) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.records = records;
        this.input = "trades-" + records;
        createTopic(input, Map.of());
        Trades.load(bootstrapServers, input, records);
    }

    /** The raw pipe copies every input record whatever the workload; the others output what the query selects. */
    public Expected expected(Contender contender, Workload workload) {
        long[] countAndSum = new long[2];
        Trades.generate(records, t -> {
            if (contender == Contender.RAW_PIPE || workload.outputs(t)) {
                countAndSum[0]++;
                countAndSum[1] += t.id();
            }
        });
        return new Expected(countAndSum[0], countAndSum[1]);
    }

    public Result run(Contender contender, Workload workload) throws Exception {
        int run = ++runs;
        String output = input + "-" + workload.name().toLowerCase() + "-" + contender.name().toLowerCase() + "-" + run;
        String group = "peer-" + run + "-" + System.nanoTime();
        createTopic(output, Map.of("message.timestamp.type", "LogAppendTime"));
        Expected expected = expected(contender, workload);
        Path log = Files.createTempFile("contender-" + contender.name().toLowerCase(), ".log");
        Process child = StandaloneBroker.java(CONTENDER_HEAP, Contender.class.getName(),
                contender.name(), workload.name(), bootstrapServers, input, output, group)
                .redirectError(log.toFile()).start();
        CompletableFuture<String> stats = CompletableFuture.supplyAsync(() -> statsLine(child));
        long timeoutMs = Math.max(60_000, records / 5);
        long count = 0, idSum = 0, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output)) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            long lastSeen = System.currentTimeMillis();
            boolean stopSent = false;
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    count++;
                    idSum += idOf(r.value());
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                    lastSeen = System.currentTimeMillis();
                }
                long idleMs = System.currentTimeMillis() - lastSeen;
                boolean complete = count >= expected.count();
                if (!stopSent && (complete || System.currentTimeMillis() > deadline)) {
                    stop(child);
                    stopSent = true;
                }
                // after the child is gone, a short quiet spell catches duplicates and late appends
                if (!child.isAlive() && idleMs > 2000) {
                    break;
                }
            }
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
        String[] s = stats.get(10, TimeUnit.SECONDS).split(" ");
        if (s.length != 3) {
            throw new IllegalStateException(contender + " " + workload + " ended without its STATS line, see " + log);
        }
        return new Result(contender, workload, records, count, idSum, first, last, Long.parseLong(s[1]), Long.parseLong(s[2]));
    }

    private static void stop(Process child) throws IOException {
        if (child.isAlive()) {
            OutputStream stdin = child.getOutputStream();
            stdin.write('\n');
            stdin.flush();
        }
    }

    private static String statsLine(Process child) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line, stats = "";
            while ((line = out.readLine()) != null) {
                if (line.startsWith("STATS ")) {
                    stats = line;
                }
            }
            return stats;
        } catch (IOException e) {
            return "";
        }
    }

    /** The id of a JSON object written by any contender: the digits after "id": (objects are flat, id is first or unique). */
    static long idOf(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        int i = text.indexOf("\"id\"");
        if (i < 0) {
            throw new IllegalStateException("no id in output " + text);
        }
        i = text.indexOf(':', i) + 1;
        while (text.charAt(i) == ' ') {
            i++;
        }
        long id = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            id = id * 10 + (text.charAt(i++) - '0');
        }
        return id;
    }

    private KafkaConsumer<byte[], byte[]> outputConsumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private void createTopic(String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // the trades' timestamps are from 2023: with the default 7-day retention the broker would delete them
            Map<String, String> all = new HashMap<>(configs);
            all.put("retention.ms", "-1");
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1).configs(all))).all().get(30, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        long records = 5_000_000;
        Path doc = Path.of("docs/benchmarks.md");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[i + 1]);
                case "--doc" -> doc = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: PeerBenchmark [--records N] [--doc docs/benchmarks.md]");
            }
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Map<Workload, List<Result>> results = new EnumMap<>(Workload.class);
        try (StandaloneBroker broker = StandaloneBroker.start("1g")) {
            long loadStart = System.nanoTime();
            PeerBenchmark bench = new PeerBenchmark(broker.bootstrapServers(), records);
            System.out.printf("loaded %,d trades in %.1f s%n", records, (System.nanoTime() - loadStart) / 1e9);
            for (Workload workload : Workload.values()) {
                for (Contender contender : Contender.values()) {
                    Result r = bench.run(contender, workload);
                    Expected e = bench.expected(contender, workload);
                    System.out.printf("%-16s %-32s %,10d out (%s) %,12.0f rec/s cpu %.1f s rss %d MB%n", workload,
                            contender.label, r.count(), e.equals(new Expected(r.count(), r.idSum())) ? "ok" : "MISMATCH",
                            r.recordsPerSecond(), r.cpuNs() / 1e9, r.peakRssKb() / 1024);
                    results.computeIfAbsent(workload, w -> new ArrayList<>()).add(r);
                }
            }
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
            String report = Report.markdown(bench, results, loadBefore, loadAfter, LocalDate.now());
            System.out.println(report);
            Report.writeInto(doc, report);
            Report.chart(results, doc.resolveSibling("img").resolve("peer-throughput.png"));
        }
    }
}
