package io.velostream.spring.boot.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters per job (tag {@code job}), read from the job's counters when scraped, so the processing
 * loop pays nothing for them; batch time is recorded once per batch.
 */
class VelostreamMetrics implements MeterBinder {
    private final VelostreamJobs jobs;

    VelostreamMetrics(VelostreamJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ManagedJob job : jobs.jobs()) {
            Tags tags = Tags.of("job", job.name());
            counter(registry, "velostream.job.records.in", "Records read", job, ManagedJob::recordsIn, tags);
            counter(registry, "velostream.job.records.out", "Records written", job, ManagedJob::recordsOut, tags);
            counter(registry, "velostream.job.errors", "Records skipped or failed by a record error", job,
                    ManagedJob::recordErrors, tags);
            counter(registry, "velostream.job.late.records", "Records dropped because their window had closed", job,
                    ManagedJob::lateRecords, tags);
            counter(registry, "velostream.job.batches", "Batches processed", job, ManagedJob::batches, tags);
            Timer batchTime = Timer.builder("velostream.job.batch.duration")
                    .description("Processing time of a batch: from read to committed input")
                    .tags(tags).register(registry);
            job.onBatch(nanos -> batchTime.record(nanos, TimeUnit.NANOSECONDS));
        }
    }

    private static void counter(MeterRegistry registry, String name, String description, ManagedJob job,
                                ToDoubleFunction<ManagedJob> count, Tags tags) {
        FunctionCounter.builder(name, job, count).description(description).tags(tags).register(registry);
    }
}
