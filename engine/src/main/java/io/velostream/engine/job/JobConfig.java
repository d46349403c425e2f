package io.velostream.engine.job;

/**
 * The settings of one job, resolved from annotations, WITH, the service's configuration and
 * defaults, in that order of precedence (docs/sql.md#sources-and-sinks-with).
 */
/**
 * @param threads copies of the job an instance runs, each on its own thread with its own consumer, producer and
 *                tasks (docs/scaling.md#threads)
 * @param state   where its operators' state lives (docs/scaling.md#stores)
 */
public record JobConfig(String name, ProcessingMode mode, int batchSize, long batchTimeoutMillis,
                        FailureStrategy failureStrategy, int maxRetries, long retryBackoffMillis, String dlqTopic,
                        int distinctMaxEntries, int traceLinks, long commitIntervalMillis, int threads,
                        StateSettings state) {
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final long DEFAULT_BATCH_TIMEOUT_MS = 100;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 1000;
    public static final int DEFAULT_DISTINCT_MAX_ENTRIES = 100_000;
    /** At most this many input span contexts are linked from a batch span; 0 turns batch spans off. */
    public static final int DEFAULT_TRACE_LINKS = 32;
    /**
     * Batches of this many milliseconds are committed together. Simple mode: 0, each batch (a crash
     * repeats at most the batch in hand); transactional: 100, as Kafka Streams' exactly-once, since
     * a transaction per batch spends most of the time committing.
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 0;
    public static final long DEFAULT_TRANSACTIONAL_COMMIT_INTERVAL_MS = 100;

    /** Defaults for a job of this name. */
    public static JobConfig defaults(String name) {
        return new JobConfig(name, ProcessingMode.SIMPLE, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_TIMEOUT_MS,
                FailureStrategy.LOG_AND_CONTINUE, DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF_MS, name + ".dlq",
                DEFAULT_DISTINCT_MAX_ENTRIES, DEFAULT_TRACE_LINKS, DEFAULT_COMMIT_INTERVAL_MS, 1, StateSettings.defaults());
    }
}
