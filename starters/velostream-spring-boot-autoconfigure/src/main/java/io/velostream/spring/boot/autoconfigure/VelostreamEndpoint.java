package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.sql.Secrets;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /actuator/velostream}: the jobs of the service, pause, resume and restart of one job
 * ({@code POST /actuator/velostream/{job}/{action}}), and reads of a job's state by key or key range
 * ({@code GET /actuator/velostream/{job}/state/{store}?key=…}, docs/scaling.md#interactive-queries). Read-only
 * unless {@code management.endpoint.velostream.access=unrestricted}.
 */
@Endpoint(id = "velostream", defaultAccess = Access.READ_ONLY)
public class VelostreamEndpoint {
    private final VelostreamJobs jobs;
    private final StateReads state;

    /** @param advertisedUrl this instance's {@code velostream.advertised-url}, or null */
    public VelostreamEndpoint(VelostreamJobs jobs, String advertisedUrl) {
        this.jobs = jobs;
        this.state = new StateReads(jobs, advertisedUrl);
    }

    @ReadOperation
    public List<JobView> jobs() {
        return jobs.jobs().stream().map(JobView::of).toList();
    }

    @ReadOperation
    public JobView job(@Selector String name) {
        return JobView.of(jobs.job(name));
    }

    /**
     * The committed value of {@code key} in store {@code store} of job {@code name}, or the values of the keys from
     * {@code from} to {@code to}: {@code GET /actuator/velostream/{job}/state/{store}?key=…}.
     *
     * @param segment   {@code state}
     * @param forwarded set by an instance that forwards the read to the key's owner
     */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> state(@Selector String name, @Selector String segment,
                                                          @Selector String store, @Nullable String key,
                                                          @Nullable String from, @Nullable String to,
                                                          @Nullable Boolean forwarded) {
        if (!segment.equals("state")) {
            return new WebEndpointResponse<>(Map.of("status", 404, "error", "no such path: use /" + name
                    + "/state/{store}"), 404);
        }
        StateReads.Answer answer = state.read(name, store, key, from, to, Boolean.TRUE.equals(forwarded));
        return new WebEndpointResponse<>(answer.body(), answer.status());
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
