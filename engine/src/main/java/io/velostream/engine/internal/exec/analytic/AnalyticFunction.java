package io.velostream.engine.internal.exec.analytic;

import io.velostream.engine.internal.exec.analytic.Frame.BoundKind;
import io.velostream.engine.function.Argument;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.BoundAggregate;
import io.velostream.engine.record.SqlType;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An analytic call site checked at compile time: which function, its constant parameters, its
 * frame and result type. {@link #bind} is the planner's entry point; it throws
 * {@link IllegalArgumentException} with a message naming only the problem (the planner adds the
 * position).
 */
public final class AnalyticFunction {
    enum Kind {
        ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE,
        LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE, AGGREGATE
    }

    final Kind kind;
    final String name;
    final SqlType returnType;
    final Frame frame;
    /** The aggregate of an {@link Kind#AGGREGATE} call, else null. */
    final BoundAggregate aggregate;
    /** LAG/LEAD offset, NTILE bucket count, NTH_VALUE position. */
    final long n;
    /** How many leading arguments are evaluated per row and kept in the buffer. */
    final int storedArgs;
    /** Number of SQL arguments the call was bound with. */
    final int argCount;
    final int orderKeyCount;

    private AnalyticFunction(Kind kind, String name, SqlType returnType, Frame frame, BoundAggregate aggregate,
                             long n, int storedArgs, int argCount, int orderKeyCount) {
        this.kind = kind;
        this.name = name;
        this.returnType = returnType;
        this.frame = frame;
        this.aggregate = aggregate;
        this.n = n;
        this.storedArgs = storedArgs;
        this.argCount = argCount;
        this.orderKeyCount = orderKeyCount;
    }

    public String name() {
        return name;
    }

    public SqlType returnType() {
        return returnType;
    }

    /**
     * Binds {@code name(args) OVER (…)}.
     *
     * @param args what is known of each SQL argument ({@code COUNT(*)}: none)
     * @param orderKeyTypes the types of the OVER clause's ORDER BY keys, empty without ORDER BY
     * @param frame the frame as written, or null for {@link Frame#DEFAULT}
     * @param aggregates where any name that is not an analytic function is looked up (null when unknown)
     * @throws IllegalArgumentException for an unknown function, a wrong argument count, a
     *         non-constant or out-of-range parameter, or an invalid frame
     */
    public static AnalyticFunction bind(String name, List<Argument> args, boolean distinct, List<SqlType> orderKeyTypes,
                                        Frame frame, Function<String, AggregateFunction> aggregates) {
        String upper = name.toUpperCase(Locale.ROOT);
        Frame f = frame == null ? Frame.DEFAULT : frame;
        checkFrame(f, orderKeyTypes);
        Kind kind = kindOf(upper);
        int keys = orderKeyTypes.size();
        if (kind == Kind.AGGREGATE) {
            AggregateFunction fn = aggregates.apply(upper);
            if (fn == null) {
                throw new IllegalArgumentException("unknown analytic function " + upper);
            }
            BoundAggregate bound;
            try {
                bound = fn.bind(args, distinct, List.of());
            } catch (FunctionException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new AnalyticFunction(kind, upper, bound.returnType(), f, bound, 0, bound.inputCount(), args.size(), keys);
        }
        if (distinct) {
            throw new IllegalArgumentException(upper + " does not take DISTINCT");
        }
        switch (kind) {
            case ROW_NUMBER: case RANK: case DENSE_RANK: case PERCENT_RANK: case CUME_DIST: {
                arity(upper, args, 0, 0);
                SqlType t = kind == Kind.PERCENT_RANK || kind == Kind.CUME_DIST ? SqlType.FLOAT : SqlType.INTEGER;
                return new AnalyticFunction(kind, upper, t, f, null, 0, 0, 0, keys);
            }
            case NTILE: {
                arity(upper, args, 1, 1);
                long buckets = positiveConstant(upper, "bucket count", args.get(0));
                return new AnalyticFunction(kind, upper, SqlType.INTEGER, f, null, buckets, 0, 1, keys);
            }
            case LAG: case LEAD: {
                arity(upper, args, 1, 3);
                long offset = 1;
                if (args.size() > 1) {
                    offset = constantInteger(upper, "offset", args.get(1));
                    if (offset < 0) {
                        throw new IllegalArgumentException(upper + " needs a non-negative offset, got " + offset);
                    }
                }
                return new AnalyticFunction(kind, upper, typeOrAny(args.get(0).type()), f, null, offset, 1, args.size(), keys);
            }
            case NTH_VALUE: {
                arity(upper, args, 2, 2);
                long position = positiveConstant(upper, "position", args.get(1));
                return new AnalyticFunction(kind, upper, typeOrAny(args.get(0).type()), f, null, position, 1, 2, keys);
            }
            default: // FIRST_VALUE, LAST_VALUE
                arity(upper, args, 1, 1);
                return new AnalyticFunction(kind, upper, typeOrAny(args.get(0).type()), f, null, 0, 1, 1, keys);
        }
    }

    private static Kind kindOf(String name) {
        switch (name) {
            case "FIRST": return Kind.FIRST_VALUE; // the aggregate alias, positional here as well
            case "LAST": return Kind.LAST_VALUE;
            default:
                for (Kind k : Kind.values()) {
                    if (k != Kind.AGGREGATE && k.name().equals(name)) {
                        return k;
                    }
                }
                return Kind.AGGREGATE;
        }
    }

    private static void arity(String name, List<Argument> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw new IllegalArgumentException(name + " takes " + expected + (max == 1 ? " argument" : " arguments")
                    + ", got " + args.size());
        }
    }

    private static long constantInteger(String name, String what, Argument a) {
        if (!a.constant() || !(a.value() instanceof Long v)) {
            throw new IllegalArgumentException(name + " needs a constant integer " + what);
        }
        return v;
    }

    private static long positiveConstant(String name, String what, Argument a) {
        long v = constantInteger(name, what, a);
        if (v < 1) {
            throw new IllegalArgumentException(name + " needs a positive " + what + ", got " + v);
        }
        return v;
    }

    private static SqlType typeOrAny(SqlType t) {
        return t == SqlType.NULL ? SqlType.ANY : t;
    }

    private static void checkFrame(Frame f, List<SqlType> orderKeyTypes) {
        BoundKind s = f.start().kind();
        BoundKind e = f.end().kind();
        if (s == BoundKind.UNBOUNDED_FOLLOWING) {
            throw new IllegalArgumentException("a frame cannot start at UNBOUNDED FOLLOWING");
        }
        if (e == BoundKind.UNBOUNDED_PRECEDING) {
            throw new IllegalArgumentException("a frame cannot end at UNBOUNDED PRECEDING");
        }
        // the standard's order of bound kinds: the start may not come after the end
        if (s.ordinal() > e.ordinal()) {
            throw new IllegalArgumentException("a frame cannot start at " + describe(s) + " and end at " + describe(e));
        }
        checkOffset(f, f.start(), orderKeyTypes);
        checkOffset(f, f.end(), orderKeyTypes);
    }

    private static void checkOffset(Frame f, Frame.Bound b, List<SqlType> orderKeyTypes) {
        if (b.kind() != BoundKind.PRECEDING && b.kind() != BoundKind.FOLLOWING) {
            return;
        }
        Object offset = b.offset();
        if (!f.range()) {
            if (!(offset instanceof Long n) || n < 0) {
                throw new IllegalArgumentException("a ROWS frame offset must be a non-negative integer constant, got " + offset);
            }
            return;
        }
        if (orderKeyTypes.size() != 1) {
            throw new IllegalArgumentException("a RANGE frame with an offset needs exactly one ORDER BY key, got "
                    + orderKeyTypes.size());
        }
        SqlType key = orderKeyTypes.get(0);
        if (offset instanceof Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a RANGE frame offset must not be negative, got " + d);
            }
            if (key != SqlType.TIMESTAMP && key != SqlType.ANY) {
                throw new IllegalArgumentException("an INTERVAL RANGE offset needs a TIMESTAMP ORDER BY key, got " + key);
            }
        } else if (offset instanceof Number n) {
            if (n.doubleValue() < 0) {
                throw new IllegalArgumentException("a RANGE frame offset must not be negative, got " + n);
            }
            if (!key.maybeNumeric()) {
                throw new IllegalArgumentException("a numeric RANGE offset needs a numeric ORDER BY key, got " + key);
            }
        } else {
            throw new IllegalArgumentException("a RANGE frame offset must be a number or an INTERVAL constant, got " + offset);
        }
    }

    private static String describe(BoundKind k) {
        return k.name().replace('_', ' ');
    }
}
