package io.velostream.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 and 16's separate-JVM variant, as replicas of a service run: two processes of the packaged
 * {@code velostream.jar serve} with the same command line but their instance id, a transactional
 * GROUP BY on a value column (repartitioned, docs/scaling.md#repartition) in RocksDB stores
 * (docs/scaling.md#stores). Instance {@code a} is killed with SIGKILL mid-run and started again on
 * its state directory, as a pod restarts on its volume. Read {@code read_committed}, every
 * customer's counts are 1, 2, … n — every input counted exactly once across the crash — and the
 * restarted instance replays only its changelog tail after its checkpoint, not its partitions' whole
 * changelog.
 */
class VelostreamServiceCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4, CUSTOMERS = 200, PER_WAVE = 5 * CUSTOMERS;
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dir;
    private final String application = "crash-it-" + System.nanoTime();
    private final String input = application + "-orders", output = application + "-totals";
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, List<Long>> counts = new TreeMap<>();
    private KafkaConsumer<byte[], byte[]> reader;
    private int waves;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.destroy();
    }

    @AfterEach
    void stopInstances() {
        processes.forEach(Process::destroyForcibly);
        if (reader != null) {
            reader.close();
        }
    }

    @Test
    void aKilledReplicaRestartsOnItsStateDirWithExactTotalsAndRestoresOnlyItsTail() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(input, PARTITIONS, (short) 1), new NewTopic(output, PARTITIONS,
                    (short) 1))).all().get();
        }
        // The session timeout outlasts the restart, so the group still holds a's partitions for it when
        // it rejoins: the restarted instance gets its own tasks back, whose state its disk has.
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM totals AS
                SELECT customer, COUNT(*) AS orders, SUM(amount) AS spent
                FROM orders GROUP BY customer
                WITH ('mode' = 'transactional', 'commit.interval' = '200', 'session.timeout.ms' = '40000',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.format' = 'json',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s', 'totals.format' = 'json');
                """.formatted(input, output));
        reader = committedReader();
        Instance a = start("a");
        start("b");
        for (int i = 0; i < 5; i++) {
            produceWaveAndAwaitItsTotals();
        }
        long changelogBeforeCrash = committedChangelogRecords();

        produceWave();
        a.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no commit, no close, no checkpoint
        produceWave();
        Instance restarted = start("a");
        awaitTotals();

        counts.forEach((customer, seen) -> assertThat(seen).as("customer %s: every count once, in order", customer)
                .containsExactlyElementsOf(oneTo(waves * PER_WAVE / CUSTOMERS)));
        double restored = restarted.meter("velostream_job_restore_records_total");
        System.out.printf("FAULT FIGURE | SIGKILL of 1 of 2 service replicas, GROUP BY, transactional, rocksdb | records %d"
                + " | lost 0 | duplicated 0 | exact | restart replayed %.0f of %d changelog records%n", waves * PER_WAVE,
                restored, changelogBeforeCrash);
        assertThat(restarted.meter("velostream_job_tasks")).as("the restarted instance runs tasks again").isPositive();
        assertThat(restored)
                .as("records replayed by the restarted instance, of %,d committed changelog records before the crash",
                        changelogBeforeCrash)
                .isLessThan(changelogBeforeCrash / 4);
    }

    private static List<Long> oneTo(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> (long) i).toList();
    }

    private record Instance(Process process, int port) {
        /** The sum of a meter's series (all jobs) from the instance's Prometheus scrape. */
        double meter(String name) throws IOException, InterruptedException {
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return scrape.body().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
    }

    private Instance start(String id) throws IOException {
        int port = freePort();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve(id + "-" + processes.size() + ".log");
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx512m", "-jar", System.getProperty("velostream.jar"),
                "serve", "--velostream.sql=file:" + dir.resolve("app.sql"),
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.application.name=" + application, "--velostream.instance-id=" + id,
                "--velostream.state.store=rocksdb", "--velostream.state.dir=" + dir.resolve("state-" + id),
                "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return new Instance(p, port);
    }

    private void produceWaveAndAwaitItsTotals() throws Exception {
        produceWave();
        awaitTotals();
    }

    private void produceWave() throws Exception {
        for (int i = 0; i < PER_WAVE; i++) {
            producer.send(new ProducerRecord<>(input, null, JSON.writeValueAsBytes(
                    Map.of("customer", "c" + (i % CUSTOMERS), "amount", 1))));
        }
        producer.flush();
        waves++;
    }

    /** Reads the totals read_committed until every customer has counted every input produced so far. */
    private void awaitTotals() {
        long expected = (long) waves * PER_WAVE / CUSTOMERS;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).untilAsserted(() -> {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(500))) {
                JsonNode row = JSON.readTree(r.value());
                counts.computeIfAbsent(row.get("customer").asText(), c -> new ArrayList<>()).add(row.get("orders").asLong());
            }
            assertThat(counts).as("customers with totals").hasSize(CUSTOMERS);
            counts.forEach((customer, seen) -> assertThat(seen.get(seen.size() - 1)).as(customer).isEqualTo(expected));
        });
    }

    private KafkaConsumer<byte[], byte[]> committedReader() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(output, p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The committed records of the application's changelogs (read to their ends read_committed). */
    private long committedChangelogRecords() throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            for (String topic : admin.listTopics().names().get()) {
                if (topic.endsWith("-changelog")) { // the broker is this test's alone
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
        }
        assertThat(partitions).as("changelog partitions").isNotEmpty();
        try (KafkaConsumer<byte[], byte[]> changelog = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            changelog.assign(partitions);
            changelog.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = changelog.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> changelog.position(p) < end.get(p))) {
                records += changelog.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
