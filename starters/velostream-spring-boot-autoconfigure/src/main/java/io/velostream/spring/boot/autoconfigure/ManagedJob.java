package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobConfig;
import io.velostream.engine.job.JobListener;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One job of the service across its runs: each run is a freshly compiled {@link Job} on its own
 * thread. Counters add up over runs so the meters built on them only ever grow.
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
    /** Counters of the runs before the current one, and the current run's: swapped together. */
    private volatile Runs runs = new Runs(new Totals(0, 0, 0, 0, 0), new JobMetrics());
    /** Makes the listener of each run (the metrics binder sets it); the listener is closed when the run ends. */
    private volatile Function<Job, ? extends RunListener> instrumentation = job -> RunListener.NONE;
    private JobRunner runner;
    private Thread thread;
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
        return r.past.in + r.current.recordsIn();
    }

    public long recordsOut() {
        Runs r = runs;
        return r.past.out + r.current.recordsOut();
    }

    public long recordErrors() {
        Runs r = runs;
        return r.past.errors + r.current.recordErrors();
    }

    public long lateRecords() {
        Runs r = runs;
        return r.past.late + r.current.lateRecords();
    }

    public long batches() {
        Runs r = runs;
        return r.past.batches + r.current.batches();
    }

    void instrument(Function<Job, ? extends RunListener> instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Runs {@code job}, a fresh compilation of this statement, on a new thread. */
    synchronized void start(Job job) {
        Runs r = runs;
        JobMetrics m = r.current;
        runs = new Runs(new Totals(r.past.in + m.recordsIn(), r.past.out + m.recordsOut(),
                r.past.errors + m.recordErrors(), r.past.late + m.lateRecords(), r.past.batches + m.batches()),
                job.context().metrics());
        config = job.context().config();
        sources = job.inputs().stream().map(Job.Input::source).toList();
        failure = null;
        stopAs = null;
        RunListener listener = instrumentation.apply(job);
        job.context().listener(listener);
        JobRunner jobRunner = new JobRunner();
        runner = jobRunner;
        state = JobState.RUNNING;
        thread = new Thread(() -> run(job, jobRunner, listener), "velostream-" + name);
        thread.start();
        log.info("job {} started ({} mode, sources {}, sink {})", name, config.mode().name().toLowerCase(), sources, sink);
    }

    private void run(Job job, JobRunner jobRunner, RunListener listener) {
        try {
            jobRunner.run(job);
            JobState end = stopAs;
            state = end == null ? JobState.FINISHED : end;
            log.info("job {} {}: {}", name, state.name().toLowerCase(), job.context().metrics());
        } catch (RuntimeException e) {
            failure = e.getMessage();
            state = JobState.FAILED;
            log.error("job {} failed: {}", name, e.getMessage(), e);
        } finally {
            listener.close();
        }
    }

    /** Asks the running job to stop after its batch in hand, and waits for it. */
    synchronized void stop(JobState as) {
        if (thread == null || !thread.isAlive()) {
            if (state == JobState.RUNNING || state == JobState.CREATED) {
                state = as;
            }
            return;
        }
        stopAs = as;
        runner.stop();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("job {} did not stop within {}s", name, STOP_TIMEOUT.toSeconds());
        }
    }

    boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Observes one run of a job; closed when the run ends (its clients are closed by then). */
    interface RunListener extends JobListener, AutoCloseable {
        RunListener NONE = () -> { };

        @Override
        void close();
    }

    private record Totals(long in, long out, long errors, long late, long batches) {
    }

    private record Runs(Totals past, JobMetrics current) {
    }
}
