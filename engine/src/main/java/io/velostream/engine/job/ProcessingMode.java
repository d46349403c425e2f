package io.velostream.engine.job;

import java.util.Locale;

/** The commit protocol of a job (docs/sql.md#processing-modes). */
public enum ProcessingMode {
    /** At-least-once: write, flush, then commit the input. */
    SIMPLE,
    /** Exactly-once: output, offsets and state changes in one Kafka transaction per batch. */
    TRANSACTIONAL,
    /** Simple mode with one worker per input partition group. */
    ADAPTIVE;

    public static ProcessingMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + text + "' (use simple, transactional or adaptive)");
        }
    }
}
