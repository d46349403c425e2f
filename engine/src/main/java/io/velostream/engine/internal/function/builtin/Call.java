package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One call site being bound: its arguments as the compiler knows them, and the checks on them. */
final class Call {
    private static final Set<SqlType> TIME_LIKE = EnumSet.of(SqlType.TIMESTAMP, SqlType.DATE, SqlType.INTEGER,
            SqlType.DECIMAL, SqlType.FLOAT, SqlType.STRING);

    final String name;
    final List<Argument> args;
    final FunctionContext context;

    Call(String name, List<Argument> args, FunctionContext context) {
        this.name = name;
        this.args = args;
        this.context = context;
    }

    int count() {
        return args.size();
    }

    SqlType type(int i) {
        return args.get(i).type();
    }

    /** The value of argument {@code i} when it is a non-NULL constant, else null. */
    Object constant(int i) {
        Argument a = args.get(i);
        return a.constant() ? a.value() : null;
    }

    /** The text of a non-NULL constant argument, else null (known only at run time). */
    String constantText(int i) {
        Object v = constant(i);
        return v == null ? null : Values.toDisplayString(v);
    }

    /** {@code type}, or NULL when a strict function gets a NULL literal and so can only return NULL. */
    SqlType result(SqlType type) {
        return args.stream().anyMatch(a -> a.type() == SqlType.NULL) ? SqlType.NULL : type;
    }

    FunctionException error(String problem) {
        return new FunctionException(name + " " + problem);
    }

    /** The error for a bad value: at bind time when the value is a constant, per record otherwise. */
    RuntimeException valueError(boolean atBind, String problem) {
        return atBind ? error(problem) : new ValueException(name + " " + problem);
    }

    /** Requires the given arguments (all when none given) to be numbers, or unknown until run time. */
    Call numeric(int... indexes) {
        for (int i : indexes.length == 0 ? Num.range(0, count()) : indexes) {
            if (!type(i).maybeNumeric()) {
                throw mismatch(i, "numeric");
            }
        }
        return this;
    }

    /** Requires argument {@code i} to be one of {@code allowed}, NULL, or unknown until run time. */
    Call expect(int i, String what, Set<SqlType> allowed) {
        SqlType t = type(i);
        if (t != SqlType.ANY && t != SqlType.NULL && !allowed.contains(t)) {
            throw mismatch(i, what);
        }
        return this;
    }

    Call expect(int i, SqlType allowed) {
        return expect(i, allowed.name(), EnumSet.of(allowed));
    }

    /** A TIMESTAMP, DATE, epoch-millisecond number or timestamp string. */
    Call time(int i) {
        return expect(i, "a timestamp", TIME_LIKE);
    }

    private FunctionException mismatch(int i, String what) {
        return error("argument " + (i + 1) + " must be " + what + ", got " + type(i));
    }
}
