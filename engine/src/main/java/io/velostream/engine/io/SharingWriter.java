package io.velostream.engine.io;

import java.io.IOException;
import java.util.List;

/**
 * A writer whose client can carry a job's companions: state changelogs and the dead-letter queue,
 * written with its producer so they are flushed with its output, or belong to its transaction.
 */
public interface SharingWriter extends DataWriter {
    /**
     * A changelog in {@code topic} with {@code partitions} partitions, created when missing.
     *
     * @throws IOException when the topic cannot be created, or exists with another partition count
     */
    ChangelogTopic openChangelog(String topic, int partitions) throws IOException;

    /**
     * A dead-letter queue in {@code topic} on this writer. A record read by one of {@code sources}
     * goes there as it was read, looked up by its position.
     *
     * @param owned true when the queue owns this writer (flushes and closes it), false when the
     *              writer is the job's sink and is flushed and closed with the job
     */
    DeadLetterQueue deadLetters(String topic, String job, List<DataReader> sources, boolean owned);
}
