package io.velostream.engine.io;

import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * A durable log of key/value changes (a compacted topic): the latest value per key wins, null
 * removes it. It has one partition per task of the job (docs/scaling.md#tasks); a task writes
 * and restores its own.
 */
public interface ChangelogTopic {
    /** Appends a change to {@code partition}; it is durable at the job's next commit (inside its transaction, if any). */
    void append(int partition, byte[] key, byte[] value);

    /**
     * Every committed record of {@code partition} from offset {@code from} on (0: from the start), oldest first.
     *
     * @param size told once, before the first record, how many offsets the replay spans: at least the records
     *             it replays (compaction and transaction markers leave gaps), for restore progress
     * @return the offset the replay ended at (the last stable offset): what a store restored by it holds; or -1,
     *         replaying nothing, when {@code from} is outside the partition (past its end: the topic was made
     *         again; before its start: records were deleted), so a local copy of it is stale
     */
    long replay(int partition, long from, LongConsumer size, BiConsumer<byte[], byte[]> record);

    /**
     * The offset after the last record {@link #append appended} to {@code partition} that the broker has
     * acknowledged, or -1 when none was since this was opened: after a commit, what the changelog holds of the
     * store (docs/scaling.md#stores).
     */
    long written(int partition);
}
