package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.sql.Secrets;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.List;
import java.util.Locale;

/**
 * {@code /actuator/velostream}: the jobs of the service, and pause, resume and restart of one job
 * ({@code POST /actuator/velostream/{job}/{action}}). Read-only unless
 * {@code management.endpoint.velostream.access=unrestricted}.
 */
@Endpoint(id = "velostream", defaultAccess = Access.READ_ONLY)
public class VelostreamEndpoint {
    private final VelostreamJobs jobs;

    public VelostreamEndpoint(VelostreamJobs jobs) {
        this.jobs = jobs;
    }

    @ReadOperation
    public List<JobView> jobs() {
        return jobs.jobs().stream().map(JobView::of).toList();
    }

    @ReadOperation
    public JobView job(@Selector String name) {
        return JobView.of(jobs.job(name));
    }

    /** @param action {@code pause}, {@code resume} or {@code restart} */
    @WriteOperation
    public JobView control(@Selector String name, @Selector String action) {
        switch (action.toLowerCase(Locale.ROOT)) {
            case "pause" -> jobs.pause(name);
            case "resume" -> jobs.resume(name);
            case "restart" -> jobs.restart(name);
            default -> throw new IllegalArgumentException("unknown action '" + action + "' (use pause, resume or restart)");
        }
        return JobView.of(jobs.job(name));
    }

    /** What the endpoint shows of a job: its SQL without the values of secret WITH properties ({@link Secrets}). */
    public record JobView(String name, String sql, String mode, JobState state, String failure, List<String> sources,
                          String sink, long recordsIn, long recordsOut, long errors, long lateRecords, long batches) {
        static JobView of(ManagedJob job) {
            return new JobView(job.name(), Secrets.mask(job.sql()),
                    job.config() == null ? null : job.config().mode().name().toLowerCase(Locale.ROOT),
                    job.state(), job.failure(), job.sources(), job.sink(), job.recordsIn(), job.recordsOut(),
                    job.recordErrors(), job.lateRecords(), job.batches());
        }
    }
}
