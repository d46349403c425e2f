package io.velostream.engine.function;

import io.velostream.engine.record.SqlType;

/**
 * What the compiler knows of one argument of a call: its type ({@link SqlType#ANY} when only
 * known at run time) and, for a constant expression such as a literal, its value.
 */
public record Argument(SqlType type, boolean constant, Object value) {
    public static Argument of(SqlType type) {
        return new Argument(type, false, null);
    }

    public static Argument constant(SqlType type, Object value) {
        return new Argument(type, true, value);
    }
}
