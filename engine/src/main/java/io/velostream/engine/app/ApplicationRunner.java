package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * Runs an application's jobs in file order, each to the end of its bounded inputs, so a
 * statement may read what an earlier one wrote. The repartition of a GROUP BY, DISTINCT or OVER runs on a thread of
 * its own beside the aggregation it feeds (docs/scaling.md#repartition), and is stopped when that
 * ends. A job with {@code threads} > 1 runs that many copies, each on a thread of its own
 * (docs/scaling.md#threads). The first job that fails stops the run.
 */
public final class ApplicationRunner {
    /** The job running on the caller's thread, and the repartition running beside it, or null. */
    private volatile Threads running;
    private volatile Threads feeder;
    private volatile boolean stopped;

    /**
     * @return each job's counters by job name, in run order (summed over its threads)
     * @throws io.velostream.engine.job.JobFailedException when a job cannot go on
     * @throws io.velostream.engine.sql.SqlException when a job no longer compiles when its turn comes
     */
    public Map<String, JobMetrics> runAll(PreparedApplication app) {
        Map<String, JobMetrics> results = new LinkedHashMap<>();
        while (app.hasNextJob() && !stopped) {
            Job job = app.nextJob();
            List<Job> copies = copies(app, job);
            Threads run = start();
            if (app.feedsNextJob()) {
                Threads repartition = new Threads();
                feeder = repartition;
                CompletableFuture<JobMetrics> feeding = CompletableFuture.supplyAsync(() -> repartition.run(copies),
                        r -> new Thread(r, "velostream-" + job.name()).start());
                // Without its input the aggregation would wait for ever: a failed repartition stops it.
                feeding.whenComplete((m, e) -> {
                    if (e != null) {
                        run.stop();
                    }
                });
                Job fed = null;
                JobMetrics fedMetrics = null;
                try {
                    fed = app.nextJob();
                    fedMetrics = run.run(copies(app, fed));
                } finally {
                    repartition.stop();
                    feeder = null;
                    results.put(job.name(), join(feeding));
                }
                results.put(fed.name(), fedMetrics);
            } else {
                results.put(job.name(), run.run(copies));
            }
        }
        return results;
    }

    private Threads start() {
        Threads run = new Threads();
        running = run;
        if (stopped) { // a stop between the loop's check and now did not reach it
            run.stop();
        }
        return run;
    }

    private static List<Job> copies(PreparedApplication app, Job first) {
        List<Job> copies = new ArrayList<>();
        copies.add(first);
        copies.addAll(app.otherThreads(first));
        return copies;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a job's thread stops", e);
        }
    }

    /** Asks the running job to stop after its batch in hand; the jobs after it do not start. */
    public void stop() {
        stopped = true;
        Threads run = running;
        if (run != null) {
            run.stop();
        }
        Threads repartition = feeder;
        if (repartition != null) {
            repartition.stop();
        }
    }

    /**
     * The copies of one job, one per processing thread: the first on the calling thread, the others on threads of
     * their own. They end together: when one ends or fails, the others are stopped, and the first failure is thrown.
     */
    private static final class Threads {
        private final List<JobRunner> runners = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;

        JobMetrics run(List<Job> copies) {
            List<CompletableFuture<JobMetrics>> others = new ArrayList<>();
            for (int i = 1; i < copies.size(); i++) {
                Job copy = copies.get(i);
                JobRunner runner = runner();
                String thread = "velostream-" + copy.name() + "-" + (i + 1);
                others.add(CompletableFuture.supplyAsync(() -> runner.run(copy), r -> new Thread(r, thread).start())
                        .whenComplete((m, e) -> stop()));
            }
            List<JobMetrics> metrics = new ArrayList<>();
            RuntimeException failure = null;
            try {
                metrics.add(runner().run(copies.get(0)));
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                stop();
            }
            for (CompletableFuture<JobMetrics> other : others) {
                try {
                    metrics.add(join(other));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return JobMetrics.sum(metrics);
        }

        private JobRunner runner() {
            JobRunner runner = new JobRunner();
            runners.add(runner);
            if (stopped) {
                runner.stop();
            }
            return runner;
        }

        void stop() {
            stopped = true;
            runners.forEach(JobRunner::stop);
        }
    }
}
