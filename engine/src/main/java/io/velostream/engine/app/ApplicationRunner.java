package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs an application's jobs in file order, each to the end of its bounded inputs, so a
 * statement may read what an earlier one wrote. The repartition of a GROUP BY runs on a thread of
 * its own beside the aggregation it feeds (docs/scaling.md#repartition), and is stopped when that
 * ends. The first job that fails stops the run.
 */
public final class ApplicationRunner {
    private final JobRunner runner = new JobRunner();
    /** The repartition job running beside {@link #runner}'s, or null. */
    private volatile JobRunner feeder;
    private volatile boolean stopped;

    /**
     * @return each job's counters by job name, in run order
     * @throws io.velostream.engine.job.JobFailedException when a job cannot go on
     * @throws io.velostream.engine.sql.SqlException when a job no longer compiles when its turn comes
     */
    public Map<String, JobMetrics> runAll(PreparedApplication app) {
        Map<String, JobMetrics> results = new LinkedHashMap<>();
        while (app.hasNextJob() && !stopped) {
            Job job = app.nextJob();
            if (app.feedsNextJob()) {
                JobRunner repartition = new JobRunner();
                feeder = repartition;
                CompletableFuture<JobMetrics> feeding = CompletableFuture.supplyAsync(() -> repartition.run(job),
                        r -> new Thread(r, "velostream-" + job.name()).start());
                // Without its input the aggregation would wait for ever: a failed repartition stops it.
                feeding.whenComplete((m, e) -> {
                    if (e != null) {
                        runner.stop();
                    }
                });
                Job fed = null;
                JobMetrics fedMetrics = null;
                try {
                    fed = app.nextJob();
                    fedMetrics = runner.run(fed);
                } finally {
                    repartition.stop();
                    feeder = null;
                    results.put(job.name(), join(feeding));
                }
                results.put(fed.name(), fedMetrics);
            } else {
                results.put(job.name(), runner.run(job));
            }
        }
        return results;
    }

    private static JobMetrics join(CompletableFuture<JobMetrics> feeding) {
        try {
            return feeding.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the repartition job stops", e);
        }
    }

    /** Asks the running job to stop after its batch in hand; the jobs after it do not start. */
    public void stop() {
        stopped = true;
        runner.stop();
        JobRunner repartition = feeder;
        if (repartition != null) {
            repartition.stop();
        }
    }
}
