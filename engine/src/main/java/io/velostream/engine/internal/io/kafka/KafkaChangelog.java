package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ChangelogTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * A state store's changelog in a compacted topic, written with the job's sink producer: in simple
 * mode flushed with the output before the input is committed, in transactional mode part of the
 * batch's transaction. Replayed with {@code read_committed}, so an aborted batch's changes are
 * never restored. The topic is created ({@code cleanup.policy=compact}, one partition per task of the
 * job, docs/scaling.md#tasks) when missing; one that exists with another partition count is an error:
 * its partitions would not be the tasks' any more.
 */
final class KafkaChangelog implements ChangelogTopic {
    /** Attempts, 100 ms apart, to see a topic another client has just created. */
    private static final int METADATA_ATTEMPTS = 50;
    private final String topic;
    private final KafkaWriter producer;
    private final Map<String, Object> clientProperties;
    /** Per partition: the offset after the last acknowledged append, -1 before any (written on the producer's thread). */
    private final AtomicLongArray written;
    /** Per partition: the callback of its appends, made once (no allocation per record). */
    private final Callback[] acknowledged;

    private KafkaChangelog(String topic, int partitions, KafkaWriter producer, Map<String, Object> clientProperties) {
        this.topic = topic;
        this.producer = producer;
        this.clientProperties = clientProperties;
        this.written = new AtomicLongArray(partitions);
        this.acknowledged = new Callback[partitions];
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            written.set(p, -1);
            acknowledged[p] = producer.tracked((metadata, e) -> {
                if (e == null) {
                    written.accumulateAndGet(partition, metadata.offset() + 1, Math::max);
                }
            });
        }
    }

    /**
     * Creates the topic if missing; admin and restore clients connect as the sink's producer does
     * (its servers, security and client properties, whatever supplied them: WITH, the command line
     * or Spring's {@code spring.kafka.*}).
     *
     * @throws IOException when the topic cannot be created, or exists with another partition count
     */
    static KafkaChangelog open(String topic, int partitions, KafkaWriter sink) throws IOException {
        Map<String, Object> connection = sink.clientProperties();
        Map<String, Object> props = only(connection, ConsumerConfig.configNames());
        try (Admin admin = Admin.create(only(connection, AdminClientConfig.configNames()))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("cannot create the changelog topic '" + topic + "': " + e.getCause().getMessage(), e);
                }
                int found = partitionCount(admin, topic);
                if (found != partitions) {
                    throw new IOException("the changelog topic '" + topic + "' has " + found + " partitions, but the job"
                            + " needs " + partitions + " (one per partition of its input, docs/scaling.md#tasks): it was"
                            + " made for another partition count or another kind of job; delete it (its state is"
                            + " rebuilt from the input only if the input is read again from the start) or give"
                            + " the input its old partition count");
                }
            }
        } catch (ExecutionException e) {
            throw new IOException("cannot check the changelog topic '" + topic + "': " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the changelog topic '" + topic + "'", e);
        }
        return new KafkaChangelog(topic, partitions, sink, props);
    }

    /**
     * The partition count of a topic that exists. Just created by another client (another thread's copy of the job,
     * docs/scaling.md#threads, or a replica starting at the same time), it may not be known to the broker answering
     * yet: asked again for a while.
     */
    private static int partitionCount(Admin admin, String topic) throws ExecutionException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == METADATA_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * A producer's properties for a client of another kind (admin, consumer): those it knows, and
     * those no client defines, which a configurable class may read (the {@code SslBundle} of Spring
     * Boot's SSL engine factory, docs/kafka.md#security).
     */
    static Map<String, Object> only(Map<String, Object> props, Set<String> known) {
        Map<String, Object> kept = new HashMap<>();
        props.forEach((k, v) -> {
            if (known.contains(k) || !ProducerConfig.configNames().contains(k)) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    @Override
    public void append(int partition, byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value), acknowledged[partition]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long written(int partition) {
        return written.get(partition);
    }

    @Override
    public long replay(int partition, long from, LongConsumer size, BiConsumer<byte[], byte[]> record) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, no group
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            long start = consumer.beginningOffsets(List.of(tp)).get(tp);
            long end = consumer.endOffsets(List.of(tp)).get(tp); // the last stable offset: committed changes only
            if (from > end || (from > 0 && from < start)) {
                return -1;
            }
            consumer.seek(tp, Math.max(from, start));
            size.accept(end - consumer.position(tp));
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end) {
                        record.accept(r.key(), r.value());
                    }
                }
            }
            return end;
        } catch (KafkaException e) {
            throw new UncheckedIOException(KafkaClients.failure("cannot restore from the changelog '" + topic + "': "
                    + e.getMessage(), e));
        }
    }
}
