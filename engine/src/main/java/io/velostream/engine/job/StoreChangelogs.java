package io.velostream.engine.job;

import io.velostream.engine.internal.exec.state.Changelog;
import io.velostream.engine.io.ChangelogTopic;
import io.velostream.engine.io.SharingWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The changelog topics of one input's stores, one per store name
 * ({@code <application>-<job>-<store>-changelog}), each opened once with the partition count of the
 * input's tasks (1 when it runs as one), written through the sink's producer (docs/scaling.md#tasks).
 */
final class StoreChangelogs {
    /** Restored records between two reports to the job's listener. */
    static final int RESTORE_REPORT_EVERY = 1000;
    private final SharingWriter writer;
    private final Function<String, String> topicNames;
    private final int partitions;
    private final ProcessorContext ctx;
    private final Map<String, ChangelogTopic> topics = new HashMap<>();

    /** @param topicNames the topic of a store, by its name */
    StoreChangelogs(SharingWriter writer, Function<String, String> topicNames, int partitions, ProcessorContext ctx) {
        this.writer = writer;
        this.topicNames = topicNames;
        this.partitions = partitions;
        this.ctx = ctx;
    }

    /**
     * The changelog of store {@code store}, created when missing.
     *
     * @throws IOException when it cannot be created or has another partition count
     */
    ChangelogTopic topic(String store) throws IOException {
        ChangelogTopic topic = topics.get(store);
        if (topic == null) {
            topic = writer.openChangelog(topicNames.apply(store), partitions);
            topics.put(store, topic);
            ctx.metrics().restore(store); // known to meters from the start
        }
        return topic;
    }

    /** The partitions of each changelog: the input's tasks, 1 when it runs as one. */
    int partitions() {
        return partitions;
    }

    /** The partition of store {@code store}'s changelog that task {@code partition} writes and restores. */
    Changelog partition(String store, int partition) {
        ChangelogTopic topic;
        try {
            topic = topic(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Changelog() {
            @Override
            public void append(byte[] key, byte[] value) {
                topic.append(partition, key, value);
            }

            @Override
            public long written() {
                return topic.written(partition);
            }

            @Override
            public long replay(long from, BiConsumer<byte[], byte[]> record) {
                JobMetrics metrics = ctx.metrics();
                JobMetrics.StoreRestore progress = metrics.restore(store);
                return topic.replay(partition, from, size -> {
                    metrics.restoreSize += size;
                    progress.toRestore += size;
                    ctx.listener().restoring(metrics.restoreDone, metrics.restoreSize);
                }, (key, value) -> {
                    metrics.recordsRestored++;
                    progress.restored++;
                    if (++metrics.restoreDone % RESTORE_REPORT_EVERY == 0) {
                        ctx.listener().restoring(metrics.restoreDone, metrics.restoreSize);
                    }
                    record.accept(key, value);
                });
            }
        };
    }
}
