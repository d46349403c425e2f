package io.velostream.engine.record;

/**
 * A value could not be computed for one record (a failed CAST, an integer overflow, an
 * unparseable timestamp). It is a record error: the job's failure strategy decides what happens
 * to the record; the query goes on.
 */
public class ValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ValueException(String message) {
        super(message);
    }

    public ValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
