package io.velostream.engine.internal.exec.window;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a windowed aggregation does with a record whose window has already closed (docs/sql.md#windows-and-time). */
public enum LateDataStrategy {
    /** Skip it; counted in the job's late records. */
    DROP,
    /** Hand it to the job's failure strategy as a record error (the DLQ under SendToDLQ). */
    DEAD_LETTER,
    /** Add it to its closed window, kept for a retention period, and emit the corrected result again. */
    UPDATE_PREVIOUS,
    /** Count it in the earliest window that is still open. */
    INCLUDE_IN_NEXT;

    public static LateDataStrategy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown late.data.strategy '" + text + "' (use "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + ")");
        }
    }
}
