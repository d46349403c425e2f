package io.velostream.engine.internal.exec.expr;

import io.velostream.engine.record.SqlType;

/**
 * A compiled expression with its static type ({@link SqlType#ANY} when only known at run time).
 * A constant expression carries its value, so callers can specialise on it (a LIKE pattern, a
 * regular expression, an IN list) and functions see it at bind time.
 */
public record Compiled(Evaluator eval, SqlType type, boolean constant, Object value) {
    public static Compiled of(Evaluator eval, SqlType type) {
        return new Compiled(eval, type, false, null);
    }

    public static Compiled constant(Object value, SqlType type) {
        return new Compiled(row -> value, type, true, value);
    }
}
