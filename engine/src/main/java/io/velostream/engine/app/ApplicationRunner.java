package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a compiled application's jobs in file order, each to the end of its bounded inputs, so a
 * statement may read what an earlier one wrote. The first job that fails stops the run; the jobs
 * after it are closed without running.
 */
public final class ApplicationRunner {
    private final JobRunner runner = new JobRunner();

    /**
     * @return each job's counters by job name, in run order
     * @throws io.velostream.engine.job.JobFailedException when a job cannot go on
     */
    public Map<String, JobMetrics> runAll(CompiledApplication app) {
        Map<String, JobMetrics> results = new LinkedHashMap<>();
        int i = 0;
        try {
            for (; i < app.jobs().size(); i++) {
                Job job = app.jobs().get(i);
                results.put(job.name(), runner.run(job));
            }
            return results;
        } finally {
            for (int k = i + 1; k < app.jobs().size(); k++) {
                closeQuietly(app.jobs().get(k));
            }
        }
    }

    /** Asks the running job to stop after its batch in hand. */
    public void stop() {
        runner.stop();
    }

    private static void closeQuietly(Job job) {
        for (Job.Input input : job.inputs()) {
            try {
                input.reader().close();
            } catch (Exception ignored) {
                // never ran; its close error cannot hide the failure being reported
            }
        }
        try {
            job.writer().close();
        } catch (Exception ignored) {
            // as above
        }
    }
}
