package io.velostream.engine.job;

/** A job stopped because it could not go on; the message says why in one line. */
public class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
