package io.velostream.engine.job;

import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StoreStats;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.record.RecordErrorHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What a job's parts share while it runs: its settings, its counters, its failure strategy, its
 * dead-letter queue and its state stores. Readers and operators report record errors to
 * {@link #errors()}.
 */
public final class ProcessorContext {
    private final JobConfig config;
    private final JobMetrics metrics = new JobMetrics();
    private final RecordErrorPolicy errors;
    private final StateStores state = new StateStores();
    private final StateQueries queries = new StateQueries();
    private final List<RowMetric> rowMetrics = new ArrayList<>();
    private JobListener listener = JobListener.NONE;
    private final List<AutoCloseable> resources = new ArrayList<>();

    public ProcessorContext(JobConfig config) {
        this.config = config;
        this.errors = new RecordErrorPolicy(config.name(), config.failureStrategy(), metrics, this);
    }

    public JobConfig config() {
        return config;
    }

    public JobMetrics metrics() {
        return metrics;
    }

    public RecordErrorHandler errors() {
        return errors;
    }

    public StateStores state() {
        return state;
    }

    /** A figure of a store (docs/operations.md#metrics). */
    public enum StoreStat {
        KEYS(StoreStats::keys), BYTES(StoreStats::bytes), CACHE_HITS(StoreStats::cacheHits),
        CACHE_MISSES(StoreStats::cacheMisses);

        private final ToLongFunction<StoreStats> read;

        StoreStat(ToLongFunction<StoreStats> read) {
            this.read = read;
        }
    }

    /**
     * {@code stat} of the stores named {@code store} (its tasks' summed), or -1 when no store has it (a store on the
     * heap has no bytes, one without cache no hits). From any thread.
     */
    public long storeStat(String store, StoreStat stat) {
        return state.sum(store, stat.read);
    }

    /** Reads of the job's keyed state from outside it (docs/scaling.md#interactive-queries). */
    public StateQueries queries() {
        return queries;
    }

    /** The dead-letter queue SendToDLQ sends to, or null when the job has none. */
    public DeadLetterQueue deadLetters() {
        return errors.deadLetters;
    }

    /** Closes {@code resource} with the job's readers and writer (a kafka_table's consumer, which is no input). */
    public void closeWithJob(AutoCloseable resource) {
        resources.add(resource);
    }

    /** What {@link #closeWithJob} was given. */
    public List<AutoCloseable> resources() {
        return resources;
    }

    /** Set once the job's endpoints are open (a Kafka sink's producer carries the dead letters). */
    public void deadLetters(DeadLetterQueue queue) {
        errors.deadLetters = queue;
    }

    public JobListener listener() {
        return listener;
    }

    /** Set before the job's thread starts (its start publishes it); record errors and batches are reported to it. */
    public void listener(JobListener listener) {
        this.listener = listener;
    }

    /** The {@code @metric} annotations of the job's statement, compiled against its output. */
    public List<RowMetric> rowMetrics() {
        return rowMetrics;
    }
}
