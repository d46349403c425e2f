package io.velostream.spring.boot.autoconfigure;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** The health of one job: UP running or finished, DOWN failed (with the reason), OUT_OF_SERVICE paused or stopped. */
final class VelostreamJobsHealth implements HealthIndicator {
    private final ManagedJob job;

    VelostreamJobsHealth(ManagedJob job) {
        this.job = job;
    }

    @Override
    public Health health() {
        JobState state = job.state();
        Health.Builder health = new Health.Builder(status(state))
                .withDetail("state", state)
                .withDetail("recordsIn", job.recordsIn())
                .withDetail("recordsOut", job.recordsOut())
                .withDetail("errors", job.recordErrors());
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
