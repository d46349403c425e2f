package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

/** Numeric checks and the promotion INTEGER → DECIMAL → FLOAT (docs/sql.md#types-literals-and-arithmetic). */
final class Num {
    private Num() {
    }

    /** {@code v} when it is a number, else a record error naming the function. */
    static Object number(String fn, Object v) {
        if (v instanceof Long || v instanceof Double || v instanceof Decimal) {
            return v;
        }
        throw new ValueException(fn + " expects a number, got " + describe(v));
    }

    /** An integer argument (a count, a position, a scale): numbers are truncated toward zero. */
    static long integer(String fn, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        return Coercions.toLong(number(fn, v));
    }

    static int intArg(String fn, Object v) {
        long l = integer(fn, v);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    static String describe(Object v) {
        return Values.typeOf(v) + " '" + Values.toDisplayString(v) + "'";
    }

    static ValueException overflow(String fn) {
        return new ValueException(fn + ": integer overflow");
    }

    /** The wider of two static numeric types; ANY when either is unknown, NULL ignored. */
    static SqlType promote(SqlType a, SqlType b) {
        if (a == SqlType.NULL) {
            return b;
        } else if (b == SqlType.NULL) {
            return a;
        } else if (a == SqlType.ANY || b == SqlType.ANY) {
            return SqlType.ANY;
        }
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(SqlType t) {
        return switch (t) {
            case INTEGER -> 0;
            case DECIMAL -> 1;
            case FLOAT -> 2;
            default -> throw new IllegalArgumentException("not numeric: " + t);
        };
    }

    /** The wider type of two run-time numbers. */
    static SqlType wider(Object a, Object b) {
        if (a instanceof Double || b instanceof Double) {
            return SqlType.FLOAT;
        }
        return a instanceof Decimal || b instanceof Decimal ? SqlType.DECIMAL : SqlType.INTEGER;
    }

    /** Converts a number to a wider numeric type; anything else is returned as is. */
    static Object to(SqlType type, Object v) {
        if (!(v instanceof Number)) {
            return v;
        }
        return switch (type) {
            case FLOAT -> Coercions.toDouble(v);
            case DECIMAL -> Coercions.toDecimal(v);
            default -> v;
        };
    }

    /**
     * The type of a result that is one of several arguments (COALESCE, IF, GREATEST): numbers
     * promote, MAP and STRUCT meet at MAP, NULL is ignored and ANY wins.
     *
     * @param indexes the arguments that may become the result
     */
    static SqlType common(Call c, int... indexes) {
        SqlType result = SqlType.NULL;
        for (int i : indexes) {
            SqlType t = c.type(i);
            if (t == SqlType.ANY) {
                return SqlType.ANY;
            } else if (result == SqlType.NULL || t == SqlType.NULL || t == result) {
                result = t == SqlType.NULL ? result : t;
            } else if (t.isNumeric() && result.isNumeric()) {
                result = promote(result, t);
            } else if ((t == SqlType.MAP || t == SqlType.STRUCT) && (result == SqlType.MAP || result == SqlType.STRUCT)) {
                result = SqlType.MAP;
            } else {
                throw c.error("arguments have incompatible types " + result + " and " + t);
            }
        }
        return result;
    }

    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
