package io.velostream.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end peer benchmark: N seeded trades in a 4-partition topic of a standalone broker, then
 * each contender in its own JVM, one at a time, each into a fresh output topic with a fresh group,
 * its output checked against the workload's reference; then a live run of it for latency. The output
 * topic uses LogAppendTime, so "first to last output" is measured by the broker's clock.
 *
 * <p>{@code java -cp … io.velostream.benchmarks.e2e.PeerBenchmark [--records N] [--latency-rate trades/s]
 * [--latency-seconds s] [--reps N] [--seed order-seed] [--workloads GROUP_BY,…] [--doc docs/benchmarks.md]}
 */
public final class PeerBenchmark {
    static final int PARTITIONS = 4;
    static final String CONTENDER_HEAP = "1g";
    static final String DOC_START = "<!-- peer-benchmark:start -->";
    static final String DOC_END = "<!-- peer-benchmark:end -->";

    /**
     * What a contender's output held when it was done, checked against the workload's reference
     * ({@code mismatch} null when equal, else what differs or why the contender failed), what its
     * JVMs cost, and on a scale above one the fewest consumers of its group that held partitions of
     * the input at once while it wrote (-1 when not sampled): whether the instances or threads shared
     * the work.
     */
    public record Result(Contender contender, Scale scale, Workload workload, long inputRecords, long inputCovered,
                         long rows, String checked, String mismatch, long firstAppendMs, long lastAppendMs, long cpuNs,
                         long peakRssKb, int consumers) {

        /** Input records per second from the first to the last output row (see OutputCheck.inputCovered). */
        double recordsPerSecond() {
            return lastAppendMs > firstAppendMs ? inputCovered * 1000.0 / (lastAppendMs - firstAppendMs) : Double.NaN;
        }
    }

    private final String bootstrapServers;
    private final long records;
    private final String input;
    private int runs;

    /** Creates the input topic and the accounts table's compacted topic, and loads them. */
    public PeerBenchmark(String bootstrapServers, long records) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.records = records;
        this.input = "trades-" + records;
        createTopic(input, Map.of());
        Trades.load(bootstrapServers, input, records, PARTITIONS);
        createTopic(Workload.ACCOUNTS_TOPIC, Map.of("cleanup.policy", "compact"));
        Trades.loadAccounts(bootstrapServers, Workload.ACCOUNTS_TOPIC);
    }

    /** The raw pipe copies every input record whatever the workload; the others output what the query gives. */
    OutputCheck check(Contender contender, Workload workload) {
        return (contender == Contender.RAW_PIPE ? Workload.PASS_THROUGH : workload).check(records);
    }

    /**
     * A throughput run of {@code contender} on {@code scale.instances} child JVMs of one application
     * (one consumer group, one output topic), each on {@code scale.threads} threads; CPU time and peak
     * RSS are summed over the instances.
     */
    public Result run(Contender contender, Scale scale, Workload workload) throws Exception {
        int run = ++runs;
        String output = input + "-" + workload.name().toLowerCase() + "-" + contender.name().toLowerCase() + "-"
                + scale.name().toLowerCase() + "-" + run;
        String group = "peer-" + run + "-" + System.nanoTime();
        createTopic(output, Map.of("message.timestamp.type", "LogAppendTime"));
        OutputCheck check = check(contender, workload);
        List<Child> children = new ArrayList<>();
        for (int instance = 1; instance <= scale.instances; instance++) {
            children.add(start(contender, workload, scale.threads, instance, input, output, group, "bounded"));
        }
        long timeoutMs = Math.max(60_000, records / 5);
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE, nextSample = 0;
        int consumers = scale == Scale.ONE ? -1 : Integer.MAX_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output); Admin admin = admin()) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            boolean stopSent = false;
            Map<TopicPartition, Long> end = null;
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    check.accept(r.value());
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                }
                // a bounded contender ends by itself (an EMIT FINAL one with its last windows)
                boolean done = !contender.bounded(workload) && check.complete();
                // an instance that died leaves the others with its partitions, or with nothing to do: stop them too
                boolean instanceGone = children.stream().anyMatch(c -> !c.process.isAlive());
                if (scale != Scale.ONE && first != Long.MAX_VALUE && !stopSent && !instanceGone
                        && System.currentTimeMillis() >= nextSample) {
                    consumers = Math.min(consumers, consumersOfInput(admin, group));
                    nextSample = System.currentTimeMillis() + 1000;
                }
                if (!stopSent && (done || instanceGone || System.currentTimeMillis() > deadline)) {
                    for (Child child : children) {
                        child.stop();
                    }
                    stopSent = true;
                }
                // once the children are gone the output is final: read it to its (read_committed) end,
                // which also catches duplicates and late appends
                if (children.stream().noneMatch(c -> c.process.isAlive())) {
                    if (end == null) {
                        end = consumer.endOffsets(consumer.assignment());
                    }
                    if (end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        break;
                    }
                }
            }
        } finally {
            for (Child child : children) {
                child.await();
            }
        }
        String mismatch = check.mismatch();
        long cpuNs = 0, rssKb = 0;
        for (Child child : children) {
            String[] s = child.stats.get(10, TimeUnit.SECONDS).split(" ");
            if (s.length != 3) {
                mismatch = "the contender failed (no STATS line): " + lastLines(child.log) + " (log: " + child.log + ")";
                cpuNs = rssKb = -1;
                break;
            }
            cpuNs += Long.parseLong(s[1]);
            rssKb += Long.parseLong(s[2]);
        }
        return new Result(contender, scale, workload, records, check.inputCovered(records), check.rows, check.what(),
                mismatch, first, last, cpuNs, rssKb, consumers == Integer.MAX_VALUE ? -1 : consumers);
    }

    /**
     * How many members of {@code group} hold partitions of the input: Velostream's source consumers
     * (its repartition job's, one per thread) and Kafka Streams' stream threads, across the instances.
     */
    private int consumersOfInput(Admin admin, String group) throws Exception {
        ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(10, TimeUnit.SECONDS);
        return (int) described.members().stream()
                .filter(m -> m.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(input)))
                .count();
    }

    /** End-to-end latency of a live run: produce time → the harness reading the output, in ms. */
    public record Latency(long p50Ms, long p99Ms, int samples) {
    }

    /**
     * A live run: the contender reads a fresh topic that a producer fills at {@code rate} trades/s for
     * {@code seconds}, each stamped with its send time. Every contender writes that timestamp through
     * (a GROUP BY row: its latest input's), so an output row's latency is the harness's read time
     * minus its timestamp. Trickled trades wait for the contender's first output (JVM start, Streams
     * rebalance, table load) and are not measured.
     */
    public Latency latency(Contender contender, Workload workload, int rate, int seconds) throws Exception {
        int run = ++runs;
        String liveInput = "live-" + run, output = liveInput + "-" + workload.name().toLowerCase()
                + "-" + contender.name().toLowerCase();
        createTopic(liveInput, Map.of());
        createTopic(output, Map.of());
        Child live = start(contender, workload, 1, 1, liveInput, output, "live-" + run + "-" + System.nanoTime(), "live");
        Process child = live.process;
        AtomicBoolean outputSeen = new AtomicBoolean();
        AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() ->
                Trades.produceLive(bootstrapServers, liveInput, rate, seconds, outputSeen, measuredFrom, child::isAlive));
        long[] latencies = new long[rate * seconds * 2];
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output)) {
            long lastSeen = System.currentTimeMillis(), deadline = lastSeen + seconds * 1000L + 120_000;
            while (!(producing.isDone() && System.currentTimeMillis() - lastSeen > 5000)
                    && System.currentTimeMillis() < deadline && child.isAlive()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    outputSeen.set(true);
                    lastSeen = now;
                    if (r.timestamp() >= measuredFrom.get() && n < latencies.length) {
                        latencies[n++] = now - r.timestamp();
                    }
                }
            }
        } finally {
            live.stop();
            live.await();
        }
        producing.get(10, TimeUnit.SECONDS);
        if (n == 0) {
            throw new IllegalStateException(contender + " " + workload + " wrote no output in its live run, see " + live.log);
        }
        Arrays.sort(latencies, 0, n);
        return new Latency(latencies[n / 2], latencies[Math.min(n - 1, (int) (n * 0.99))], n);
    }

    /** A contender's JVM, its stderr log, and the STATS line it prints on its way out (empty if none). */
    private record Child(Process process, Path log, CompletableFuture<String> stats) {
        /** Asks a contender to stop (Kafka Streams, and any contender reading without end) through its stdin. */
        void stop() throws IOException {
            if (process.isAlive()) {
                OutputStream stdin = process.getOutputStream();
                stdin.write('\n');
                stdin.flush();
            }
        }

        void await() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Child start(Contender contender, Workload workload, int threads, int instance, String in, String out,
                        String group, String mode) throws IOException {
        Path log = Files.createTempFile("contender-" + contender.name().toLowerCase() + "-" + instance, ".log");
        Process process = StandaloneBroker.java(CONTENDER_HEAP, Contender.class.getName(), contender.name(),
                        workload.name(), bootstrapServers, in, out, group, mode, Integer.toString(threads),
                        "instance-" + instance)
                .redirectError(log.toFile()).start();
        return new Child(process, log, CompletableFuture.supplyAsync(() -> statsLine(process)));
    }

    /** The last lines of a failed contender's stderr, for the report. */
    private static String lastLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
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

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private void createTopic(String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            // the trades' timestamps are from 2023: with the default 7-day retention the broker would delete them
            Map<String, String> all = new HashMap<>(configs);
            all.put("retention.ms", "-1");
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1).configs(all))).all().get(30, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        long records = 5_000_000;
        int reps = 3, latencyRate = 5_000, latencySeconds = 30;
        long seed = System.currentTimeMillis();
        Path doc = Path.of("docs/benchmarks.md");
        List<Workload> workloads = List.of(Workload.values());
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--latency-rate" -> latencyRate = Integer.parseInt(args[i + 1]);
                case "--latency-seconds" -> latencySeconds = Integer.parseInt(args[i + 1]);
                case "--doc" -> doc = Path.of(args[i + 1]);
                case "--workloads" -> workloads = Arrays.stream(args[i + 1].split(",")).map(Workload::valueOf).toList();
                default -> throw new IllegalArgumentException("usage: PeerBenchmark [--records N] [--reps N (≥ 1)] "
                        + "[--seed order-seed] [--latency-rate trades/s] [--latency-seconds s (0: no latency runs)] "
                        + "[--workloads GROUP_BY,TUMBLING_WINDOW,… (default all)] [--doc docs/benchmarks.md]");
            }
        }
        if (reps < 1) {
            throw new IllegalArgumentException("--reps must be at least 1");
        }
        System.out.printf("run order seed %d (--seed %d repeats the order)%n", seed, seed);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Map<Workload, Map<Scale, Map<Contender, Runs>>> results = new EnumMap<>(Workload.class);
        List<String> mismatches = new ArrayList<>();
        try (StandaloneBroker broker = StandaloneBroker.start("1g")) {
            long loadStart = System.nanoTime();
            PeerBenchmark bench = new PeerBenchmark(broker.bootstrapServers(), records);
            System.out.printf("loaded %,d trades in %.1f s%n", records, (System.nanoTime() - loadStart) / 1e9);
            for (Contender contender : Contender.values()) { // warms the broker's page cache and the machine; not reported
                if (contender.runsOn(Workload.PASS_THROUGH, Scale.ONE)) {
                    print("warm-up", bench.run(contender, Scale.ONE, Workload.PASS_THROUGH));
                }
            }
            Random order = new Random(seed);
            int rate = latencyRate, seconds = latencySeconds;
            for (Workload workload : workloads) {
                results.put(workload, bench.measure(workload, reps, order, seconds > 0 && workload.hasLatency()
                        ? (c, w) -> bench.latency(c, w, rate, seconds) : null));
                results.get(workload).forEach((scale, runs) -> runs.values().forEach(r -> {
                    if (r.mismatch() != null) {
                        mismatches.add(workload + " / " + r.contender().label + ", " + scale.label + ": " + r.mismatch());
                    }
                }));
            }
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
            String report = Report.markdown(results, reps, seed, latencyRate, latencySeconds, loadBefore, loadAfter,
                    LocalDate.now());
            System.out.println(report);
            Report.writeInto(doc, report);
            Report.chart(results, doc.resolveSibling("img").resolve("peer-throughput.png"));
        }
        if (!mismatches.isEmpty()) {
            // the tables show them too (✘): the race was not fair, so the run fails (once the broker is closed)
            System.err.println("outputs differ from the reference:\n  " + String.join("\n  ", mismatches));
            System.exit(1);
        }
    }

    /** A live run of a contender on a workload: its latency. */
    @FunctionalInterface
    interface LatencyRun {
        Latency run(Contender contender, Workload workload) throws Exception;
    }

    /** One contender on one scale. */
    private record Setup(Contender contender, Scale scale) {
    }

    /**
     * {@code reps} throughput runs of every contender that runs on {@code workload}, on every scale it
     * runs on, all in one random order (so no contender always follows another or runs on a warmer
     * machine), then one live run each on one instance and thread.
     *
     * @param latency the live run, or null for none
     */
    Map<Scale, Map<Contender, Runs>> measure(Workload workload, int reps, Random order, LatencyRun latency)
            throws Exception {
        List<Setup> runs = new ArrayList<>();
        for (Scale scale : Scale.values()) {
            for (Contender contender : Contender.values()) {
                if (contender.runsOn(workload, scale)) {
                    runs.addAll(Collections.nCopies(reps, new Setup(contender, scale)));
                }
            }
        }
        Collections.shuffle(runs, order);
        Map<Setup, List<Result>> results = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Setup s = runs.get(i);
            Result r = run(s.contender, s.scale, workload);
            print("run " + (i + 1) + "/" + runs.size(), r);
            results.computeIfAbsent(s, c -> new ArrayList<>()).add(r);
        }
        Map<Scale, Map<Contender, Runs>> measured = new EnumMap<>(Scale.class);
        for (Scale scale : Scale.values()) {
            for (Contender contender : Contender.values()) {
                List<Result> of = results.get(new Setup(contender, scale));
                if (of != null) {
                    Latency live = latency == null || scale != Scale.ONE ? null : latency.run(contender, workload);
                    measured.computeIfAbsent(scale, x -> new EnumMap<>(Contender.class))
                            .put(contender, new Runs(contender, of, live));
                }
            }
        }
        return measured;
    }

    private static void print(String what, Result r) {
        System.out.printf("%-10s %-16s %-55s %-24s %,10d out (%s) %,12.0f rec/s cpu %.1f s rss %d MB%s%n", what,
                r.workload(), r.contender().label, r.scale().label, r.rows(), r.mismatch() == null ? "ok" : r.mismatch(),
                r.recordsPerSecond(), r.cpuNs() / 1e9, r.peakRssKb() / 1024,
                r.consumers() < 0 ? "" : " consumers with input partitions " + r.consumers());
    }
}
