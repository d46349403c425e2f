package io.velostream.engine.internal.io.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Deletes the records of an internal topic below the offsets its reader committed
 * ({@code Admin.deleteRecords}), at most once per interval rather than per commit, as Kafka
 * Streams purges its repartition topics (docs/scaling.md#repartition). The request is not awaited:
 * the job's thread never waits on it, and a failed purge is logged and covered by the next one,
 * which deletes up to later offsets.
 */
final class KafkaPurger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaPurger.class);

    private final String topic;
    private final Map<String, Object> adminProperties;
    private final long intervalMs;
    private final LongSupplier clock;
    private Admin admin;
    private long lastPurge;
    /** Per partition: the committed offset, and the offset the last purge deleted up to. */
    private long[] committed = new long[0];
    private long[] purged = new long[0];
    private TopicPartition[] partitions = new TopicPartition[0];

    KafkaPurger(String topic, Map<String, Object> clientProperties, Duration interval, LongSupplier clockMs) {
        this.topic = topic;
        this.adminProperties = KafkaChangelog.only(clientProperties, AdminClientConfig.configNames());
        this.intervalMs = interval.toMillis();
        this.clock = clockMs;
        this.lastPurge = clockMs.getAsLong();
    }

    /** Partition {@code partition} is committed up to {@code offset} (the next record to read). */
    void committed(int partition, long offset) {
        if (partition >= committed.length) {
            int n = partition + 1;
            int known = committed.length;
            committed = Arrays.copyOf(committed, n);
            purged = Arrays.copyOf(purged, n);
            partitions = Arrays.copyOf(partitions, n);
            for (int p = known; p < n; p++) {
                partitions[p] = new TopicPartition(topic, p);
            }
        }
        committed[partition] = Math.max(committed[partition], offset);
    }

    /** Sends the deletions when the interval has passed since the last one. */
    void purgeIfDue() {
        long now = clock.getAsLong();
        if (now - lastPurge < intervalMs) {
            return;
        }
        lastPurge = now;
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        for (int p = 0; p < committed.length; p++) {
            if (committed[p] > purged[p]) {
                delete.put(partitions[p], RecordsToDelete.beforeOffset(committed[p]));
                purged[p] = committed[p];
            }
        }
        if (delete.isEmpty()) {
            return;
        }
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        admin.deleteRecords(delete).all().whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("topic '{}': purging records below the committed offsets failed (the next purge retries): {}",
                        topic, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
