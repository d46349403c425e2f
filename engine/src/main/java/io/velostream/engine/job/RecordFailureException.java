package io.velostream.engine.job;

import io.velostream.engine.record.RecordError;

/** A record error under FailBatch or RetryWithBackoff: the batch in hand fails. */
public class RecordFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RecordError error;

    public RecordFailureException(RecordError error) {
        super(error.position() + ": " + error.message(), error.cause());
        this.error = error;
    }

    public RecordError error() {
        return error;
    }
}
