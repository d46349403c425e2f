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
     * Every committed record of {@code partition} from the start, oldest first.
     *
     * @param size told once, before the first record, how many offsets the replay spans: at least the records
     *             it replays (compaction and transaction markers leave gaps), for restore progress
     */
    void replay(int partition, LongConsumer size, BiConsumer<byte[], byte[]> record);
}
