package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.record.SqlType;

import java.util.Locale;

/** The system columns (docs/sql.md#system-columns-and-headers): record metadata readable by name, case-insensitive, never in {@code *}. */
final class SystemColumns {
    static final String EVENT_TIME = "_event_time";

    private SystemColumns() {
    }

    static boolean isSystem(String name) {
        return name.startsWith("_") && resolveLower(name.toLowerCase(Locale.ROOT)) != null
                || isWindowColumn(name);
    }

    static boolean isWindowColumn(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("_window_start") || n.equals("_window_end");
    }

    /** @return the column, or null when {@code name} is no system column of a stateless query */
    static Compiled resolve(String name) {
        return name.startsWith("_") ? resolveLower(name.toLowerCase(Locale.ROOT)) : null;
    }

    private static Compiled resolveLower(String name) {
        switch (name) {
            case "_timestamp": return Compiled.of(row -> row.in.timestamp(), SqlType.INTEGER);
            case EVENT_TIME: return Compiled.of(row -> row.in.eventTime(), SqlType.INTEGER);
            case "_offset": return Compiled.of(row -> row.in.offset(), SqlType.INTEGER);
            case "_partition": return Compiled.of(row -> (long) row.in.partition(), SqlType.INTEGER);
            case "_topic": return Compiled.of(row -> row.in.topic(), SqlType.STRING);
            case "_key": return Compiled.of(row -> row.in.key(), SqlType.ANY);
            default: return null;
        }
    }
}
