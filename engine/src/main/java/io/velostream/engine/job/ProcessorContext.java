package io.velostream.engine.job;

import io.velostream.engine.record.RecordErrorHandler;

/**
 * What a job's parts share while it runs: its settings, its counters and its failure strategy.
 * Readers and operators report record errors to {@link #errors()}.
 */
public final class ProcessorContext {
    private final JobConfig config;
    private final JobMetrics metrics = new JobMetrics();
    private final RecordErrorHandler errors;

    public ProcessorContext(JobConfig config) {
        this.config = config;
        this.errors = new RecordErrorPolicy(config.name(), config.failureStrategy(), metrics);
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
}
