package io.velostream.benchmarks.e2e;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.job.JobSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * One contender of the peer benchmark. {@link #main} runs it in a child JVM (so its CPU time and
 * peak RSS are its own) and prints {@code STATS <cpu ns> <VmHWM kB>} when done. Bounded contenders
 * end by themselves at the input's end offsets; Kafka Streams never ends, so the parent writes
 * a line to its stdin once the output is complete.
 */
public enum Contender {
    RAW_PIPE("raw pipe (consumer → producer, bytes)"),
    VELOSTREAM_SIMPLE("Velostream simple"),
    /** 'mode' = 'transactional': one Kafka transaction per commit interval; the harness reads the output read_committed. */
    VELOSTREAM_TRANSACTIONAL("Velostream transactional"),
    /** The store comparison only: 'state.store' = 'rocksdb' (docs/scaling.md#stores), its default cache. */
    VELOSTREAM_SIMPLE_ROCKSDB("Velostream simple, RocksDB store"),
    STREAMS_AT_LEAST_ONCE("Kafka Streams at_least_once"),
    STREAMS_EXACTLY_ONCE_V2("Kafka Streams exactly_once_v2"),
    /** GROUP_BY only: no record cache and in-memory stores, so Streams, like Velostream, emits one update per input. */
    STREAMS_AT_LEAST_ONCE_NO_CACHE("Kafka Streams at_least_once, cache 0, in-memory store"),
    STREAMS_EXACTLY_ONCE_V2_NO_CACHE("Kafka Streams exactly_once_v2, cache 0, in-memory store");

    /** The commit interval of every contender that commits: Kafka Streams' commit.interval.ms, Velostream's commit.interval. */
    static final int COMMIT_INTERVAL_MS = 100;

    final String label;

    Contender(String label) {
        this.label = label;
    }

    /**
     * On one instance and thread: every workload but the cache-0 variants' (they only change how
     * Streams' GROUP BY emits) and the RocksDB one's; the store comparison only at-least-once, memory
     * and RocksDB on both sides. On more: the workloads that {@link Workload#scales() scale}, without
     * the raw pipe (no group to share) and the cache-0 variants (to keep the run's length).
     */
    boolean runsOn(Workload workload, Scale scale) {
        if (workload.comparesStores()) {
            return scale == Scale.ONE && (this == VELOSTREAM_SIMPLE || this == VELOSTREAM_SIMPLE_ROCKSDB
                    || this == STREAMS_AT_LEAST_ONCE || this == STREAMS_AT_LEAST_ONCE_NO_CACHE);
        }
        if (this == VELOSTREAM_SIMPLE_ROCKSDB) {
            return false;
        }
        if (scale == Scale.ONE) {
            return !noCache() || workload == Workload.GROUP_BY;
        }
        return workload.scales() && this != RAW_PIPE && !noCache();
    }

    private boolean noCache() {
        return this == STREAMS_AT_LEAST_ONCE_NO_CACHE || this == STREAMS_EXACTLY_ONCE_V2_NO_CACHE;
    }

    /** The guarantee and configuration beside the contender's label in the report (producer settings: the report's header). */
    String settings() {
        String commits = "commit interval " + COMMIT_INTERVAL_MS + " ms";
        return switch (this) {
            case RAW_PIPE -> "no commits, no state";
            case VELOSTREAM_SIMPLE -> "at-least-once, " + commits;
            case VELOSTREAM_TRANSACTIONAL -> "exactly-once (Kafka transactions), " + commits;
            case VELOSTREAM_SIMPLE_ROCKSDB -> "at-least-once, " + commits + ", state.store=rocksdb, 16 MiB cache per store and task";
            case STREAMS_AT_LEAST_ONCE -> "at_least_once, " + commits + ", defaults (10 MB record cache, RocksDB stores)";
            case STREAMS_EXACTLY_ONCE_V2 -> "exactly_once_v2, " + commits + ", defaults (10 MB record cache, RocksDB stores)";
            case STREAMS_AT_LEAST_ONCE_NO_CACHE -> "at_least_once, " + commits + ", statestore.cache.max.bytes=0, in-memory stores";
            case STREAMS_EXACTLY_ONCE_V2_NO_CACHE ->
                    "exactly_once_v2, " + commits + ", statestore.cache.max.bytes=0, in-memory stores";
        };
    }

    /**
     * Ends by itself at the input's end offsets: the raw pipe, and Velostream but on the workloads that
     * repartition, where it reads without end (so its GROUP BY is repartitioned into changelogged stores,
     * as Streams' is, and may run on several threads and instances, docs/scaling.md#repartition). The
     * others are stopped once their output is complete.
     */
    boolean bounded(Workload workload) {
        return this == RAW_PIPE || isVelostream() && !workload.repartitions();
    }

    private boolean isVelostream() {
        return this == VELOSTREAM_SIMPLE || this == VELOSTREAM_TRANSACTIONAL || this == VELOSTREAM_SIMPLE_ROCKSDB;
    }

    /** The Kafka Streams contender with the same delivery guarantee (null for the raw pipe, which has none). */
    Contender streamsPeer() {
        return switch (this) {
            case RAW_PIPE -> null;
            case VELOSTREAM_SIMPLE, VELOSTREAM_SIMPLE_ROCKSDB, STREAMS_AT_LEAST_ONCE, STREAMS_AT_LEAST_ONCE_NO_CACHE ->
                    STREAMS_AT_LEAST_ONCE;
            case VELOSTREAM_TRANSACTIONAL, STREAMS_EXACTLY_ONCE_V2, STREAMS_EXACTLY_ONCE_V2_NO_CACHE ->
                    STREAMS_EXACTLY_ONCE_V2;
        };
    }

    /**
     * args: contender workload bootstrap-servers input-topic output-topic group-id bounded|live threads
     * instance-id. A live contender keeps reading until the parent stops it (the latency runs); a bounded
     * one ends at the input's end if {@link #bounded(Workload)}.
     */
    public static void main(String[] args) throws Exception {
        Contender contender = valueOf(args[0]);
        Workload workload = Workload.valueOf(args[1]);
        String bootstrap = args[2], in = args[3], out = args[4], group = args[5];
        boolean bounded = args[6].equals("bounded") && contender.bounded(workload);
        int threads = Integer.parseInt(args[7]);
        String instance = args[8];
        CountDownLatch stopRequested = new CountDownLatch(1);
        Thread stdin = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(System.in))) {
                reader.readLine();
            } catch (Exception ignored) {
                // the parent went away: stop as if asked
            }
            stopRequested.countDown();
        }, "stop-on-stdin");
        stdin.setDaemon(true);
        stdin.start();
        switch (contender) {
            case RAW_PIPE -> rawPipe(bootstrap, in, out, group, bounded, stopRequested);
            case VELOSTREAM_SIMPLE, VELOSTREAM_TRANSACTIONAL, VELOSTREAM_SIMPLE_ROCKSDB -> velostream(workload,
                    contender == VELOSTREAM_TRANSACTIONAL, contender == VELOSTREAM_SIMPLE_ROCKSDB, bounded, threads,
                    instance, bootstrap, in, out, group, stopRequested);
            case STREAMS_AT_LEAST_ONCE, STREAMS_AT_LEAST_ONCE_NO_CACHE -> contender.streams(workload,
                    StreamsConfig.AT_LEAST_ONCE, threads, bootstrap, in, out, group, stopRequested);
            case STREAMS_EXACTLY_ONCE_V2, STREAMS_EXACTLY_ONCE_V2_NO_CACHE -> contender.streams(workload,
                    StreamsConfig.EXACTLY_ONCE_V2, threads, bootstrap, in, out, group, stopRequested);
        }
        String status = Files.readString(Path.of("/proc/self/status"));
        long hwmKb = status.lines().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
        long cpuNs = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        System.out.println("STATS " + cpuNs + " " + hwmKb);
        System.out.flush();
        System.exit(0);
    }

    /**
     * The ceiling: every partition from the beginning, bytes copied unchanged, to the end offsets seen
     * at start (bounded) or until stopped (live).
     */
    private static void rawPipe(String bootstrap, String in, String out, String group, boolean bounded,
                                CountDownLatch stopRequested) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(sinkProducerSettings(bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(in).stream()
                    .map(p -> new TopicPartition(in, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (bounded ? partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    : stopRequested.getCount() > 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(out, null, r.timestamp(), r.key(), r.value()));
                }
            }
            producer.flush();
        }
    }

    /**
     * The producer settings Velostream's kafka_sink uses by default (docs/kafka.md), so the ceiling and
     * Kafka Streams (whose own defaults are {@code linger.ms=100}, {@code batch.size=16384}) write the same way.
     */
    static final Map<String, Object> SINK_PRODUCER = Map.of(ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 65536);

    private static Map<String, Object> sinkProducerSettings(String bootstrap) {
        Map<String, Object> settings = new HashMap<>(SINK_PRODUCER);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return settings;
    }

    /**
     * The file name is the application name, which names the changelogs, the repartition topic and the
     * transactional ids: one per run, so no run restores or fences another's, and shared by the instances
     * of a run. Each instance has its own id, since two processes on one host share HOSTNAME
     * (docs/scaling.md#instance-ids).
     */
    private static void velostream(Workload workload, boolean transactional, boolean rocksDb, boolean bounded, int threads,
                                   String instance, String bootstrap, String in, String out, String group,
                                   CountDownLatch stopRequested) throws Exception {
        var prepared = ApplicationCompiler.withBuiltins().prepare(
                workload.sql(bootstrap, in, out, group, transactional, bounded, threads, rocksDb),
                new ApplicationCompiler.Options(Files.createTempDirectory("velostream-e2e"), group + ".sql",
                        Map.of(JobSettings.INSTANCE_ID, instance)));
        ApplicationRunner runner = new ApplicationRunner();
        Thread stopper = new Thread(() -> {
            try {
                stopRequested.await();
                runner.stop();
            } catch (InterruptedException ignored) {
                // the run ended first
            }
        });
        stopper.setDaemon(true);
        stopper.start();
        runner.runAll(prepared);
    }

    private void streams(Workload workload, String guarantee, int threads, String bootstrap, String in, String out,
                         String applicationId, CountDownLatch stopRequested) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("kafka-streams").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        SINK_PRODUCER.forEach((key, value) -> props.put(StreamsConfig.producerPrefix(key), value));
        if (noCache()) {
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        }
        try (KafkaStreams streams = new KafkaStreams(workload.streamsTopology(in, out, noCache()), props)) {
            // slf4j-nop hides the client logs: state changes and a dying thread go to the child's stderr log
            streams.setStateListener((now, before) -> System.err.println("streams " + before + " -> " + now));
            streams.setUncaughtExceptionHandler(e -> {
                e.printStackTrace();
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            stopRequested.await();
        }
    }
}
