package io.velostream.engine.app;

import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an application's jobs in file order, each to the end of its bounded inputs, so a
 * statement may read what an earlier one wrote. The first job that fails stops the run.
 */
public final class ApplicationRunner {
    private final JobRunner runner = new JobRunner();
    private volatile boolean stopped;

    /**
     * @return each job's counters by job name, in run order
     * @throws io.velostream.engine.job.JobFailedException when a job cannot go on
     * @throws io.velostream.engine.sql.SqlException when a job no longer compiles when its turn comes
     */
    public Map<String, JobMetrics> runAll(PreparedApplication app) {
        Map<String, JobMetrics> results = new LinkedHashMap<>();
        while (app.hasNextJob() && !stopped) {
            var job = app.nextJob();
            results.put(job.name(), runner.run(job));
        }
        return results;
    }

    /** Asks the running job to stop after its batch in hand; the jobs after it do not start. */
    public void stop() {
        stopped = true;
        runner.stop();
    }
}
