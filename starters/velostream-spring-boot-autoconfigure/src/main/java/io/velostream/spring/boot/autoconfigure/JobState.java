package io.velostream.spring.boot.autoconfigure;

/** Where a job of the service is in its life. */
public enum JobState {
    /** Checked, not started yet. */
    CREATED,
    RUNNING,
    /** Stopped on request after committing its last batch; resume starts it from its committed offsets. */
    PAUSED,
    /** Its bounded inputs ended. */
    FINISHED,
    /** It stopped on an error; the reason is kept. */
    FAILED,
    /** Stopped with the service. */
    STOPPED,
    /** {@code velostream.jobs.<name>.enabled=false}: checked, never run. */
    DISABLED
}
