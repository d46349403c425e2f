package io.velostream.spring.boot.state;

/** A read of a job's state that failed: the service's HTTP status and message (docs/scaling.md#interactive-queries). */
public final class VelostreamStateException extends RuntimeException {
    private final int status;

    public VelostreamStateException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** 400 a key that does not parse, 404 an unknown job or store, 503 the owner unknown, restoring or away. */
    public int status() {
        return status;
    }

    /** Whether the read may pass when tried again: the owner is unknown during a rebalance or restoring. */
    public boolean retriable() {
        return status == 503;
    }
}
