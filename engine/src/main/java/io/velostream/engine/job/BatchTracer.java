package io.velostream.engine.job;

import io.velostream.engine.record.StreamRecord;

import java.util.List;

/**
 * The job loop's tracing hooks, called once per batch, never per record. {@link #OFF} does
 * nothing; with the OpenTelemetry API on the classpath and a global OpenTelemetry installed (the
 * Java agent's, or the application's), each batch is a span ({@link OtelBatchTracer}).
 */
interface BatchTracer {
    BatchTracer OFF = new BatchTracer() {
    };

    /** Looked up once: without the API on the classpath no OpenTelemetry class is ever loaded. */
    boolean API_PRESENT = isPresent("io.opentelemetry.api.GlobalOpenTelemetry");

    /** The tracer of one run of {@code job}: OFF without the API, with a no-op global or with max_links 0. */
    static BatchTracer forJob(Job job) {
        return API_PRESENT && job.context().config().traceLinks() > 0 ? OtelBatchTracer.forGlobal(job) : OFF;
    }

    /** A batch of {@code input} was read and is about to be processed. */
    default void begin(Job.Input input, List<StreamRecord> in) {
    }

    /** The batch's output, about to be written: the tracer may replace records to carry its context. */
    default void beforeWrite(List<StreamRecord> out) {
    }

    /** The batch in hand failed; it is aborted and maybe retried. */
    default void failed(Throwable failure) {
    }

    /** The batch attempt is over (committed, or failed after {@link #failed}); a no-op when none began. */
    default void end() {
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, BatchTracer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
