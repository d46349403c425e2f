package io.velostream.engine.io;

import java.io.IOException;

/**
 * An I/O failure that passes by itself (a broker timeout, a rebalance): the job aborts the batch
 * and retries it with backoff instead of stopping (docs/kafka.md, "Failures"). Connectors throw it,
 * or put it among the causes of what they throw.
 */
public class RetriableIOException extends IOException {
    public RetriableIOException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} or one of its causes is retriable. */
    public static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
