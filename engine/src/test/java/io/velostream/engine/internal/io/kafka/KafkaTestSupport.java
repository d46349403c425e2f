package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobSettings;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One real in-process KRaft broker per test class, and small helpers around it. */
abstract class KafkaTestSupport {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final AtomicInteger GROUPS = new AtomicInteger();
    static EmbeddedKafkaKraftBroker broker;
    static KafkaProducer<byte[], byte[]> producer;

    final List<RecordError> errors = new ArrayList<>();
    /** Its own application name per test, so changelog topics and transactional ids are the test's own. */
    final String application = "app" + GROUPS.incrementAndGet();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.kafkaPorts(freePort()); // fixed, so a restarted broker (outage tests) is found at the same address
        // One broker: the transaction log cannot have the default three replicas. Tests write event times of 1970
        // (windows at 0, 10 000, …): time retention would delete them at the broker's first retention check.
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "log.retention.ms", "-1"));
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.destroy();
    }

    /** A new topic with a unique name. */
    static String topic(int partitions) throws Exception {
        return topic(partitions, Map.of());
    }

    /** A new topic with a unique name and the given topic configs ({@code cleanup.policy}). */
    static String topic(int partitions, Map<String, String> configs) throws Exception {
        String name = "t" + TOPICS.incrementAndGet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        }
        return name;
    }

    static String group() {
        return "job-test-" + GROUPS.incrementAndGet();
    }

    ApplicationCompiler.Options options() {
        return new ApplicationCompiler.Options(null, application + ".sql", Map.of("bootstrap.servers", broker.getBrokersAsString()));
    }

    /** As {@link #options()}, for one instance of the application among several (docs/scaling.md#instance-ids). */
    ApplicationCompiler.Options options(String instanceId) {
        return options(instanceId, 1);
    }

    /** As {@link #options(String)}, with {@code threads} processing threads per job (docs/scaling.md#threads). */
    ApplicationCompiler.Options options(String instanceId, int threads) {
        return new ApplicationCompiler.Options(null, application + ".sql", Map.of("bootstrap.servers",
                broker.getBrokersAsString(), JobSettings.INSTANCE_ID, instanceId, JobSettings.THREADS, Integer.toString(threads)));
    }

    PreparedApplication prepare(String sql) {
        return ApplicationCompiler.withBuiltins().prepare(sql, options());
    }

    Map<String, JobMetrics> run(String sql) {
        return new ApplicationRunner().runAll(prepare(sql));
    }

    static List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
        return readAll(topic, "read_committed");
    }

    /**
     * The last stable offsets once they reach the log ends, or after 5 s as they are: a producer's
     * commitTransaction returns before the coordinator has written the commit markers into the
     * partitions, so right after a job ended its last transaction may still hold the LSO back.
     */
    private static Map<TopicPartition, Long> settledStableEnd(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> tps) {
        Map<TopicPartition, Long> stable = c.endOffsets(tps);
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> logEnd = uncommitted.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!stable.equals(logEnd) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                stable = c.endOffsets(tps);
            }
            return stable;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every record of every partition up to the end (the last stable offset for read_committed), partition by partition. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", broker.getBrokersAsString());
        props.put("isolation.level", isolation);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = isolation.equals("read_committed") ? settledStableEnd(c, tps) : c.endOffsets(tps);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return out;
        }
    }

    static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** Options with the broker's address as the job-level key; {@code kv} alternating key, value. */
    EndpointSpec spec(String name, String type, String... kv) {
        Map<String, String> options = new HashMap<>();
        options.put("bootstrap.servers", broker.getBrokersAsString());
        for (int i = 0; i < kv.length; i += 2) {
            options.put(kv[i], kv[i + 1]);
        }
        return new EndpointSpec(name, type, options, null, errors::add);
    }

    static void send(String topic, String key, String value) throws Exception {
        send(new ProducerRecord<>(topic, key == null ? null : utf8(key), value == null ? null : utf8(value)));
    }

    static void send(ProducerRecord<byte[], byte[]> record) throws Exception {
        producer.send(record).get();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until the reader ends; fails after 20 s. */
    static List<StreamRecord> readToEnd(DataReader reader) throws IOException {
        List<StreamRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (reader.read(out, 100)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("reader did not end; read so far: " + out);
            }
        }
        return out;
    }

    /** Reads until {@code n} records arrived; fails after 20 s. */
    static List<StreamRecord> readN(DataReader reader, int n) throws IOException {
        List<StreamRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < n) {
            reader.read(out, n - out.size());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " records but got " + out);
            }
        }
        return out;
    }

    /** The first {@code n} records of partition 0, read with a plain consumer. */
    static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int n) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            if (out.size() < n) {
                throw new AssertionError("expected " + n + " records in " + topic + " but found " + out.size());
            }
            return out;
        }
    }

    /** The end offset of partition 0 (commit markers of transactions count). */
    static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }
}
