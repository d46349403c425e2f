package io.velostream.spring.boot.autoconfigure;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one job: UP running or finished, DOWN failed (with the reason), OUT_OF_SERVICE paused or stopped,
 * or running while a task restores its stores from its changelog (detail {@code restoring}: the job processes
 * nothing meanwhile, so a readiness group holding {@code velostream} takes the instance out of service until the
 * restore is done, docs/scaling.md#readiness).
 */
final class VelostreamJobsHealth implements HealthIndicator {
    private final ManagedJob job;

    VelostreamJobsHealth(ManagedJob job) {
        this.job = job;
    }

    @Override
    public Health health() {
        JobState state = job.state();
        boolean restoring = state == JobState.RUNNING && job.restoring();
        Health.Builder health = new Health.Builder(restoring ? Status.OUT_OF_SERVICE : status(state))
                .withDetail("state", state)
                .withDetail("recordsIn", job.recordsIn())
                .withDetail("recordsOut", job.recordsOut())
                .withDetail("errors", job.recordErrors());
        if (restoring) {
            health.withDetail("restoring", job.restoreDone() + " of " + job.restoreSize() + " records");
        }
        if (state == JobState.FAILED) {
            health.withDetail("reason", job.failure());
        }
        return health.build();
    }

    private static Status status(JobState state) {
        return switch (state) {
            case RUNNING, FINISHED -> Status.UP;
            case FAILED -> Status.DOWN;
            case PAUSED, STOPPED -> Status.OUT_OF_SERVICE;
            case CREATED, DISABLED -> Status.UNKNOWN;
        };
    }
}
