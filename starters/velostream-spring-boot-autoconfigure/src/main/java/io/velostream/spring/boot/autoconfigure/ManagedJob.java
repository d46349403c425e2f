package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobConfig;
import io.velostream.engine.job.JobListener;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.job.StateQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One job of the service across its runs: each run is a freshly compiled {@link Job} on its own
 * thread, or with {@code threads} > 1 that many copies of it, each on its own thread
 * (docs/scaling.md#threads), which start, stop, fail and count as one job: counters are summed over
 * the copies, and the run ends when its last thread does. Counters add up over runs so the meters
 * built on them only ever grow.
 */
public final class ManagedJob {
    private static final Logger log = LoggerFactory.getLogger(ManagedJob.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String sql;
    final SqlApplication application;
    private final boolean enabled;
    private volatile JobState state;
    private volatile String failure;
    private volatile JobConfig config;
    private volatile List<String> sources = List.of();
    private final String sink;
    /** Counters of the runs before the current one, and the current run's threads': swapped together. */
    private volatile Runs runs = new Runs(new Totals(0, 0, 0, 0, 0), List.of());
    /** Makes the listener of each run, given its copies (the metrics binder sets it); closed when the run ends. */
    private volatile Function<List<Job>, ? extends RunListener> instrumentation = copies -> RunListener.NONE;
    private volatile List<JobRunner> runners = List.of();
    /** The state reads of the current run's copies, one per thread (docs/scaling.md#interactive-queries). */
    private volatile List<StateQueries> queries = List.of();
    private volatile List<Thread> threads = List.of();
    /** Threads of the current run still running: the last one to end sets the job's state. */
    private final AtomicInteger alive = new AtomicInteger();
    /** The state a requested stop ends in; null while no stop is requested. */
    private volatile JobState stopAs;

    ManagedJob(String name, String sql, String sink, SqlApplication application, boolean enabled) {
        this.name = name;
        this.sql = sql;
        this.sink = sink;
        this.application = application;
        this.enabled = enabled;
        this.state = enabled ? JobState.CREATED : JobState.DISABLED;
    }

    public String name() {
        return name;
    }

    public String sql() {
        return sql;
    }

    public JobState state() {
        return state;
    }

    /** Why the job failed, when it did. */
    public String failure() {
        return failure;
    }

    /** The settings of the last run, or null before the first. */
    public JobConfig config() {
        return config;
    }

    public List<String> sources() {
        return sources;
    }

    public String sink() {
        return sink;
    }

    public boolean enabled() {
        return enabled;
    }

    public long recordsIn() {
        Runs r = runs;
        return r.past.in + r.sum(JobMetrics::recordsIn);
    }

    public long recordsOut() {
        Runs r = runs;
        return r.past.out + r.sum(JobMetrics::recordsOut);
    }

    public long recordErrors() {
        Runs r = runs;
        return r.past.errors + r.sum(JobMetrics::recordErrors);
    }

    public long lateRecords() {
        Runs r = runs;
        return r.past.late + r.sum(JobMetrics::lateRecords);
    }

    public long batches() {
        Runs r = runs;
        return r.past.batches + r.sum(JobMetrics::batches);
    }

    /** Whether a task of the running job is restoring its stores from its changelog (docs/scaling.md#readiness). */
    public boolean restoring() {
        return runs.current.stream().anyMatch(JobMetrics::restoring);
    }

    /** Records restored, and offsets to restore, by the tasks opened at the last rebalance of each thread. */
    public long restoreDone() {
        return runs.sum(JobMetrics::restoreDone);
    }

    public long restoreSize() {
        return runs.sum(JobMetrics::restoreSize);
    }

    /** The state reads of the current run, one per thread; empty before the first. */
    public List<StateQueries> queries() {
        return queries;
    }

    void instrument(Function<List<Job>, ? extends RunListener> instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Runs {@code copies}, a fresh compilation of this statement per thread, each on a new thread. */
    synchronized void start(List<Job> copies) {
        Runs r = runs;
        runs = new Runs(new Totals(r.past.in + r.sum(JobMetrics::recordsIn), r.past.out + r.sum(JobMetrics::recordsOut),
                r.past.errors + r.sum(JobMetrics::recordErrors), r.past.late + r.sum(JobMetrics::lateRecords),
                r.past.batches + r.sum(JobMetrics::batches)),
                copies.stream().map(job -> job.context().metrics()).toList());
        Job first = copies.get(0);
        config = first.context().config();
        sources = first.inputs().stream().map(Job.Input::source).toList();
        failure = null;
        stopAs = null;
        RunListener listener = instrumentation.apply(copies);
        List<JobRunner> jobRunners = new ArrayList<>();
        List<Thread> jobThreads = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            Job job = copies.get(i);
            job.context().listener(listener.of(job));
            JobRunner jobRunner = new JobRunner();
            jobRunners.add(jobRunner);
            jobThreads.add(new Thread(() -> run(job, jobRunner, listener),
                    "velostream-" + name + (copies.size() > 1 ? "-" + (i + 1) : "")));
        }
        runners = jobRunners;
        queries = copies.stream().map(job -> job.context().queries()).toList();
        threads = jobThreads;
        alive.set(copies.size());
        state = JobState.RUNNING;
        jobThreads.forEach(Thread::start);
        log.info("job {} started ({} mode, sources {}, sink {}{})", name, config.mode().name().toLowerCase(), sources,
                sink, copies.size() > 1 ? ", " + copies.size() + " threads" : "");
    }

    private void run(Job job, JobRunner jobRunner, RunListener listener) {
        try {
            jobRunner.run(job);
        } catch (RuntimeException e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e.getMessage();
                }
            }
            log.error("job {} failed: {}", name, e.getMessage(), e);
            runners.forEach(JobRunner::stop); // the job is one: its other threads stop with it
        } finally {
            if (alive.decrementAndGet() == 0) {
                JobState end = stopAs;
                state = failure != null ? JobState.FAILED : end == null ? JobState.FINISHED : end;
                log.info("job {} {}: in={} out={} errors={}", name, state.name().toLowerCase(), recordsIn(),
                        recordsOut(), recordErrors());
                listener.close();
            }
        }
    }

    /** Asks the running job to stop after its batch in hand, on every thread, and waits for it. */
    synchronized void stop(JobState as) {
        if (!isAlive()) {
            if (state == JobState.RUNNING || state == JobState.CREATED) {
                state = as;
            }
            return;
        }
        stopAs = as;
        runners.forEach(JobRunner::stop);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isAlive()) {
            log.warn("job {} did not stop within {}s", name, STOP_TIMEOUT.toSeconds());
        }
    }

    boolean isAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** Observes one run of a job, all of its threads; closed when the run ends (its clients are closed by then). */
    interface RunListener extends JobListener, AutoCloseable {
        RunListener NONE = () -> { };

        /** The listener of one copy of the job (one thread), called on its thread. */
        default JobListener of(Job copy) {
            return this;
        }

        @Override
        void close();
    }

    private record Totals(long in, long out, long errors, long late, long batches) {
    }

    private record Runs(Totals past, List<JobMetrics> current) {
        long sum(ToLongFunction<JobMetrics> counter) {
            long sum = 0;
            for (JobMetrics m : current) {
                sum += counter.applyAsLong(m);
            }
            return sum;
        }
    }
}
