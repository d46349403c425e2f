package io.velostream.benchmarks.soak;

import io.velostream.benchmarks.DocBlock;
import io.velostream.benchmarks.e2e.StandaloneBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak test of docs/reliability.md#soak: the Velostream service ({@code velostream.jar serve},
 * its own JVM) runs a GROUP BY over {@code --keys} distinct keys and a sliding window with EMIT FINAL
 * against a standalone broker while a producer sends {@code --rate} records/s for {@code --minutes};
 * after two thirds of the run one of the four partitions goes idle. Every 30 s the service's own
 * meters ({@code /actuator/prometheus}) are sampled: live heap after GC, threads, open files, Kafka
 * clients, records in; and the lag of the last window the sliding job emitted behind the wall clock.
 * Writes the samples and the verdicts into docs/reliability.md between markers.
 *
 * <p>{@code java -cp … io.velostream.benchmarks.soak.Soak [--minutes 30] [--rate 5000] [--keys 1000000]
 * [--jar app/target/velostream.jar] [--doc docs/reliability.md]}
 */
public final class Soak {
    static final String DOC_START = "<!-- soak:start -->", DOC_END = "<!-- soak:end -->";
    static final int PARTITIONS = 4;
    static final long IDLE_TIMEOUT_MS = 30_000, WINDOW_MS = 60_000, ADVANCE_MS = 20_000, OUT_OF_ORDER_MS = 5_000;
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$");

    /** One reading of the service's meters and of the window output. */
    record Sample(long second, double liveHeapMb, double heapUsedMb, double threads, double openFiles,
                  int producers, int consumers, double recordsIn, long produced, long windowLagMs) {
    }

    public static void main(String[] args) throws Exception {
        int minutes = 30, rate = 5_000, keys = 1_000_000;
        Path jar = Path.of("app/target/velostream.jar"), doc = Path.of("docs/reliability.md");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--keys" -> keys = Integer.parseInt(args[i + 1]);
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--doc" -> doc = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: Soak [--minutes 30] [--rate records/s] "
                        + "[--keys distinct keys] [--jar app/target/velostream.jar] [--doc docs/reliability.md]");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it with ./mvnw -q -DskipTests package");
        }
        try (StandaloneBroker broker = StandaloneBroker.start("1g")) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("soak-in", PARTITIONS, (short) 1),
                        new NewTopic("soak-groups", PARTITIONS, (short) 1),
                        new NewTopic("soak-windows", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Path sql = Files.createTempFile("soak", ".sql");
            Files.writeString(sql, sql());
            int port = StandaloneBroker.freePort();
            Path log = Files.createTempFile("soak-service", ".log");
            Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms2g", "-Xmx2g", "-jar", jar.toString(), "serve", "--spring.kafka.bootstrap-servers=" + bootstrap,
                    "--velostream.sql=file:" + sql, "--server.port=" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            System.out.println("service log: " + log);
            List<Sample> samples = new ArrayList<>();
            try {
                samples = run(bootstrap, port, service, minutes, rate, keys);
            } finally {
                service.destroy(); // SIGTERM: a graceful stop
                if (!service.waitFor(60, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor();
                }
            }
            String report = report(samples, minutes, rate, keys, LocalDate.now());
            System.out.println(report);
            DocBlock.write(doc, DOC_START, DOC_END, report);
        }
    }

    static String sql() {
        return """
                -- @name: soak_groups
                CREATE STREAM soak_groups AS SELECT key_id, COUNT(*) AS n, SUM(amount) AS total
                FROM soak GROUP BY key_id EMIT CHANGES
                WITH ('soak.type' = 'kafka_source', 'soak.topic' = 'soak-in', 'soak.format' = 'json',
                      'soak_groups.type' = 'kafka_sink', 'soak_groups.topic' = 'soak-groups', 'soak_groups.format' = 'json');

                -- @name: soak_windows
                CREATE STREAM soak_windows AS SELECT key_id, COUNT(*) AS n, _window_end AS window_end
                FROM soak GROUP BY key_id WINDOW SLIDING(%dms, %dms) EMIT FINAL
                WITH ('soak.type' = 'kafka_source', 'soak.topic' = 'soak-in', 'soak.format' = 'json',
                      'event.time.field' = 'event_time', 'watermark.max_out_of_orderness' = '%dms',
                      'watermark.idle_timeout' = '%dms',
                      'soak_windows.type' = 'kafka_sink', 'soak_windows.topic' = 'soak-windows', 'soak_windows.format' = 'json');
                """.formatted(WINDOW_MS, ADVANCE_MS, OUT_OF_ORDER_MS, IDLE_TIMEOUT_MS);
    }

    private static List<Sample> run(String bootstrap, int port, Process service, int minutes, int rate, int keys)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        awaitStarted(http, port, service);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong(), lastWindowEnd = new AtomicLong(Long.MIN_VALUE);
        long start = System.currentTimeMillis(), end = start + minutes * 60_000L, idleFrom = start + minutes * 40_000L;
        Thread producer = new Thread(() -> produce(bootstrap, rate, keys, idleFrom, producing, produced), "soak-producer");
        Thread windows = new Thread(() -> followWindows(bootstrap, producing, lastWindowEnd), "soak-windows");
        producer.start();
        windows.start();
        List<Sample> samples = new ArrayList<>();
        try {
            while (System.currentTimeMillis() < end) {
                Thread.sleep(30_000);
                if (!service.isAlive()) {
                    throw new IllegalStateException("the service died (exit " + service.exitValue() + "), see its log");
                }
                long now = System.currentTimeMillis();
                Sample s = sample(http, port, (now - start) / 1000, produced.get(),
                        lastWindowEnd.get() == Long.MIN_VALUE ? -1 : now - lastWindowEnd.get());
                samples.add(s);
                System.out.println(s);
            }
        } finally {
            producing.set(false);
            producer.join(30_000);
            windows.join(30_000);
        }
        return samples;
    }

    /** {@code rate} records/s spread over the partitions; from {@code idleFrom} on, partition 3 gets none. */
    private static void produce(String bootstrap, int rate, int keys, long idleFrom, AtomicBoolean producing,
                                AtomicLong produced) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            long n = 0, begin = System.nanoTime();
            while (producing.get()) {
                long now = System.currentTimeMillis();
                int partitions = now < idleFrom ? PARTITIONS : PARTITIONS - 1;
                byte[] value = ("{\"key_id\":" + (n % keys) + ",\"amount\":" + (n % 1000) + ".25,\"event_time\":" + now
                        + "}").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>("soak-in", (int) (n % partitions), now, null, value));
                produced.set(++n);
                long due = begin + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tracks the latest window end the sliding job emitted. */
    private static void followWindows(String bootstrap, AtomicBoolean producing, AtomicLong lastWindowEnd) {
        Pattern windowEnd = Pattern.compile("\"window_end\":\"?([0-9]+)");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "soak-harness",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("soak-windows"));
            while (producing.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Matcher m = windowEnd.matcher(r.value());
                    if (m.find()) {
                        lastWindowEnd.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
                    }
                }
            }
        }
    }

    /** Waits until the service answers its health endpoint, so the run starts with it (a loaded machine starts it slowly). */
    private static void awaitStarted(HttpClient http, int port, Process service) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline && service.isAlive()) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("the service did not start within 5 minutes, see its log");
    }

    private static Sample sample(HttpClient http, int port, long second, long produced, long windowLagMs)
            throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double live = 0, heap = 0, threads = 0, files = 0, in = 0;
        Set<String> producers = new HashSet<>(), consumers = new HashSet<>();
        Pattern clientId = Pattern.compile("client_id=\"([^\"]*)\"");
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1), tags = m.group(2) == null ? "" : m.group(2);
            double value = Double.parseDouble(m.group(3));
            switch (name) {
                case "jvm_gc_live_data_size_bytes" -> live = value;
                case "jvm_memory_used_bytes" -> heap += tags.contains("area=\"heap\"") ? value : 0;
                case "jvm_threads_live_threads" -> threads = value;
                case "process_files_open_files" -> files = value;
                case "velostream_job_records_in_total" -> in += value;
                default -> {
                    Matcher c = clientId.matcher(tags);
                    if (c.find()) {
                        (name.startsWith("kafka_producer_") ? producers
                                : name.startsWith("kafka_consumer_") ? consumers : new HashSet<String>()).add(c.group(1));
                    }
                }
            }
        }
        return new Sample(second, live / 1048576, heap / 1048576, threads, files, producers.size(), consumers.size(), in,
                produced, windowLagMs);
    }

    static String report(List<Sample> samples, int minutes, int rate, int keys, LocalDate date) {
        StringBuilder md = new StringBuilder(String.format("Run %s: %d minutes, %,d records/s over %,d distinct keys "
                + "(a GROUP BY EMIT CHANGES and a SLIDING(1m, 20s) EMIT FINAL, 4 partitions, the fourth idle from minute "
                + "%d, `watermark.idle_timeout` 30 s), service heap 2 GB.%n%n", date, minutes, rate, keys, minutes * 2 / 3));
        md.append("| Minute | Live heap after GC MB | Heap used MB | Threads | Open files | Producers | Consumers "
                + "| Records in (both jobs) | Produced | Last window end behind now, s |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (i % 4 == 3 || i == samples.size() - 1 || i == 0) { // every 2 minutes, and the first and last
                md.append(String.format("| %.1f | %.0f | %.0f | %.0f | %.0f | %d | %d | %,.0f | %,d | %s |%n",
                        s.second() / 60.0, s.liveHeapMb(), s.heapUsedMb(), s.threads(), s.openFiles(), s.producers(),
                        s.consumers(), s.recordsIn(), s.produced(), s.windowLagMs() < 0 ? "—" : s.windowLagMs() / 1000));
            }
        }
        return md.append('\n').toString();
    }
}
