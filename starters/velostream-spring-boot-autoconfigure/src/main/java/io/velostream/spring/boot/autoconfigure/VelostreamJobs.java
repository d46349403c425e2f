package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.CompiledApplication;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.job.Job;
import io.velostream.engine.sql.SqlError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The service's jobs, one per statement. The SQL is checked when the bean is created, so an
 * invalid application fails startup with each error's line and column; the jobs start, each on
 * its own thread, once the context is ready, and stop gracefully with it (each finishes and
 * commits its batch in hand).
 */
public class VelostreamJobs implements SmartLifecycle, InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(VelostreamJobs.class);

    private final ApplicationCompiler compiler;
    private final List<SqlApplication> applications;
    private final Function<SqlApplication, ApplicationCompiler.Options> options;
    private final Function<String, Boolean> enabled;
    private final Map<String, ManagedJob> jobs = new LinkedHashMap<>();
    private volatile boolean running;

    /**
     * @param options the compiler options of an application
     * @param enabled whether the job of that name runs
     */
    public VelostreamJobs(ApplicationCompiler compiler, List<SqlApplication> applications,
                          Function<SqlApplication, ApplicationCompiler.Options> options,
                          Function<String, Boolean> enabled) {
        this.compiler = compiler;
        this.applications = applications;
        this.options = options;
        this.enabled = enabled;
    }

    /** @throws io.velostream.engine.sql.SqlException with every error of the first invalid application */
    @Override
    public void afterPropertiesSet() {
        for (SqlApplication app : applications) {
            CompiledApplication checked = compiler.check(app.text(), options.apply(app));
            for (SqlError w : checked.warnings()) {
                log.warn("{}", w.format());
            }
            for (CompiledApplication.JobStatement st : checked.jobs()) {
                String name = st.name();
                if (jobs.containsKey(name)) {
                    throw new IllegalStateException("velostream.sql: job name '" + name + "' is used by two applications");
                }
                jobs.put(name, new ManagedJob(name, st.sql(), st.sink(), app, enabled.apply(name)));
            }
        }
        log.info("velostream: {} job(s) checked: {}", jobs.size(), jobs.keySet());
    }

    /** The jobs by name, in statement order. */
    public Collection<ManagedJob> jobs() {
        return Collections.unmodifiableCollection(jobs.values());
    }

    /** @throws NoSuchElementException when there is no job of that name */
    public ManagedJob job(String name) {
        ManagedJob job = jobs.get(name);
        if (job == null) {
            throw new NoSuchElementException("no job named '" + name + "'; jobs: " + jobs.keySet());
        }
        return job;
    }

    @Override
    public synchronized void start() {
        for (SqlApplication app : applications) {
            PreparedApplication prepared = compiler.prepare(app.text(), options.apply(app));
            for (int i = 0; prepared.hasNextJob(); i++) {
                Job job = nextJob(prepared, i);
                ManagedJob managed = job == null ? null : jobs.get(job.name());
                if (managed != null && managed.enabled()) {
                    managed.start(withOtherThreads(prepared, i, job));
                } else if (job != null) {
                    close(job);
                }
            }
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        List<ManagedJob> all = new ArrayList<>(jobs.values());
        Collections.reverse(all);
        all.forEach(j -> j.stop(JobState.STOPPED));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops the job after its batch in hand; its input offsets are committed up to there. */
    public void pause(String name) {
        job(name).stop(JobState.PAUSED);
    }

    /** Starts a paused, failed or finished job again, freshly compiled, from its committed offsets. */
    public synchronized void resume(String name) {
        ManagedJob job = job(name);
        if (job.isAlive()) {
            return;
        }
        if (!job.enabled()) {
            throw new IllegalStateException("job '" + name + "' is disabled (velostream.jobs." + name + ".enabled)");
        }
        job.start(compile(job));
    }

    /** Stops the job if it runs, then starts it again. */
    public synchronized void restart(String name) {
        job(name).stop(JobState.STOPPED);
        resume(name);
    }

    /**
     * Compiles the job's statement again. Jobs compile in file order only, so the statements
     * before it are compiled too and their endpoints closed at once.
     */
    private List<Job> compile(ManagedJob managed) {
        SqlApplication app = managed.application;
        PreparedApplication prepared = compiler.prepare(app.text(), options.apply(app));
        for (int i = 0; prepared.hasNextJob(); i++) {
            Job job = nextJob(prepared, i);
            if (job != null && job.name().equals(managed.name())) {
                return withOtherThreads(prepared, i, job);
            }
            if (job != null) {
                close(job);
            }
        }
        throw new NoSuchElementException("job '" + managed.name() + "' no longer compiles to a job");
    }

    /** Compiles the next job, telling the connectors whose endpoints they open. */
    private static Job nextJob(PreparedApplication prepared, int index) {
        ServiceConnectorFactory.COMPILING_JOB.set(prepared.jobNames().get(index));
        try {
            return prepared.nextJob();
        } finally {
            ServiceConnectorFactory.COMPILING_JOB.remove();
        }
    }

    /** The job and its copies for its other threads ({@code threads}, docs/scaling.md#threads), in one consumer group. */
    private static List<Job> withOtherThreads(PreparedApplication prepared, int index, Job job) {
        ServiceConnectorFactory.COMPILING_JOB.set(prepared.jobNames().get(index));
        try {
            List<Job> copies = new ArrayList<>();
            copies.add(job);
            copies.addAll(prepared.otherThreads(job));
            return copies;
        } catch (RuntimeException e) {
            close(job);
            throw e;
        } finally {
            ServiceConnectorFactory.COMPILING_JOB.remove();
        }
    }

    private static void close(Job job) {
        List<AutoCloseable> endpoints = new ArrayList<>();
        job.inputs().forEach(i -> endpoints.add(i.reader()));
        endpoints.add(job.writer());
        for (AutoCloseable c : endpoints) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("job {}: closing an endpoint of a job that does not run: {}", job.name(), e.getMessage());
            }
        }
    }
}
