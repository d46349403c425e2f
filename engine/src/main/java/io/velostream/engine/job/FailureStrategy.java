package io.velostream.engine.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a job does with a record it cannot read or process (docs/kafka.md#failure-strategies-and-the-dead-letter-topic). */
public enum FailureStrategy {
    /** Skip the record; count it and log its source position. */
    LOG_AND_CONTINUE("LogAndContinue"),
    /** Write the original record to the dead-letter topic with headers naming the error. */
    SEND_TO_DLQ("SendToDLQ"),
    /** Fail the batch: nothing of it is written or committed. */
    FAIL_BATCH("FailBatch"),
    /** Retry the batch {@code max_retries} times with exponential backoff, then stop the job. */
    RETRY_WITH_BACKOFF("RetryWithBackoff");

    private final String sqlName;

    FailureStrategy(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }

    /** Parses a name in any case ({@code logandcontinue}, {@code LOG_AND_CONTINUE}). */
    public static FailureStrategy parse(String text) {
        String t = text.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (FailureStrategy s : values()) {
            if (s.sqlName.toLowerCase(Locale.ROOT).equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown failure strategy '" + text + "' (use "
                + Arrays.stream(values()).map(FailureStrategy::sqlName).collect(Collectors.joining(", ")) + ")");
    }
}
