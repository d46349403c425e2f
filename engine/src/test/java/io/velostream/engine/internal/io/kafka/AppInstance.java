package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobListener;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.record.StreamRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One instance of an application among several in one JVM, as replicas of a service run it
 * (docs/scaling.md): every job of the SQL compiled with the instance's id, each run on a thread of
 * its own, at the same time. Shared by the scale-out tests.
 */
final class AppInstance implements AutoCloseable {
    /** Thrown on a job's thread to end it without a commit. */
    static final class Crash extends RuntimeException {
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    final String id;
    /** Records read by all of the instance's jobs since it started or was last reset. */
    final AtomicInteger read = new AtomicInteger();
    /** Each job's copies, one per thread (docs/scaling.md#threads). */
    private final Map<String, List<Running>> jobs = new LinkedHashMap<>();
    private volatile boolean crash;

    AppInstance(String id, String sql, ApplicationCompiler.Options options) {
        this.id = id;
        PreparedApplication app = ApplicationCompiler.withBuiltins().prepare(sql, options);
        List<List<Job>> compiled = new ArrayList<>();
        while (app.hasNextJob()) {
            List<Job> copies = new ArrayList<>();
            copies.add(app.nextJob());
            copies.addAll(app.otherThreads(copies.get(0)));
            compiled.add(copies);
        }
        for (List<Job> copies : compiled) {
            jobs.put(copies.get(0).name(), java.util.stream.IntStream.range(0, copies.size())
                    .mapToObj(t -> new Running(copies.get(t), t + 1)).toList());
        }
    }

    /** The copies of job {@code name}, one per thread. */
    List<Job> copies(String name) {
        return jobs.get(name).stream().map(r -> r.job).toList();
    }

    private List<Running> all() {
        return jobs.values().stream().flatMap(List::stream).toList();
    }

    /** The counters of the instance's one job, or of its job {@code name}. */
    JobMetrics metrics() {
        return metrics(jobs.keySet().iterator().next());
    }

    JobMetrics metrics(String job) {
        return JobMetrics.sum(jobs.get(job).stream().map(r -> r.job.context().metrics()).toList());
    }

    /** Records read by job {@code name} since the instance started or {@link #resetReads()}. */
    int read(String job) {
        return jobs.get(job).stream().mapToInt(r -> r.read.get()).sum();
    }

    /** Whether every job of the instance has read records since it started or {@link #resetReads()}. */
    boolean everyJobReads() {
        return jobs.keySet().stream().allMatch(job -> read(job) > 0);
    }

    void resetReads() {
        read.set(0);
        all().forEach(r -> r.read.set(0));
    }

    /**
     * Ends each job at its next batch as a crash would: what its commit interval holds is not
     * committed (the consumer leaves without committing, the producer's transaction is not committed).
     */
    void crash() {
        crash = true;
    }

    /** Whether every job has ended. */
    boolean ended() {
        return all().stream().allMatch(r -> r.done.isDone());
    }

    /** Every job ended by {@link #crash()} (a job that failed otherwise throws its failure). */
    boolean crashed() throws Exception {
        for (Running r : all()) {
            if (!r.done.isDone()) {
                return false;
            }
            try {
                r.done.get();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof Crash)) {
                    throw e;
                }
            }
        }
        return true;
    }

    /** A job's end: its counters, or its failure. */
    CompletableFuture<JobMetrics> done(String job) {
        List<CompletableFuture<JobMetrics>> copies = jobs.get(job).stream().map(r -> r.done).toList();
        return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new))
                .thenApply(v -> JobMetrics.sum(copies.stream().map(CompletableFuture::join).toList()));
    }

    /** The end of the instance's one job. */
    CompletableFuture<JobMetrics> done() {
        return done(jobs.keySet().iterator().next());
    }

    /** Stops the jobs after their batch in hand (which they commit) and waits for them, whatever their outcome. */
    @Override
    public void close() throws Exception {
        all().forEach(r -> r.runner.stop());
        for (Running r : all()) {
            r.done.handle((metrics, failure) -> null).get(60, TimeUnit.SECONDS);
        }
    }

    /** Waits until {@code condition} holds, checking it every 100 ms; fails at once when a job of an instance failed. */
    static void await(Condition condition, String what, AppInstance... instances) throws Exception {
        await(condition, () -> what, instances);
    }

    /** As above, saying at the time out what was awaited and what there is. */
    static void await(Condition condition, Supplier<String> what, AppInstance... instances) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            for (AppInstance i : instances) {
                for (Running r : i.all()) {
                    if (r.done.isCompletedExceptionally()) {
                        r.done.get(); // throws the job's failure
                    }
                }
            }
            if (condition.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what.get());
            }
            Thread.sleep(100);
        }
    }

    private final class Running {
        final Job job;
        final JobRunner runner = new JobRunner();
        final AtomicInteger read = new AtomicInteger();
        final CompletableFuture<JobMetrics> done = new CompletableFuture<>();

        /** @param copy the copy's number, from 1 (docs/scaling.md#threads) */
        Running(Job job, int copy) {
            this.job = job;
            job.context().listener(new JobListener() {
                @Override
                public void batchCommitted(Job.Input input, List<StreamRecord> in, List<StreamRecord> out, long nanos) {
                    read.addAndGet(in.size());
                    AppInstance.this.read.addAndGet(in.size());
                    if (crash) {
                        throw new Crash();
                    }
                }
            });
            Thread thread = new Thread(() -> {
                try {
                    done.complete(runner.run(job));
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "instance-" + id + "-" + job.name() + "-" + copy);
            thread.start();
        }
    }
}
