package io.velostream.engine.function.aggregate;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** The aggregates (docs/aggregates.md): how each checks its call and which accumulator it creates. */
final class Builtins {
    private Builtins() {
    }

    /** A call site as {@link AggregateFunction#bind} receives it, with the checks every binder uses. */
    private record Call(String name, List<Argument> args, boolean distinct, List<Object> directArgs) {
        Call arity(int n) {
            if (args.size() != n) {
                throw new FunctionException(name + " takes " + n + (n == 1 ? " argument" : " arguments")
                        + ", got " + args.size());
            }
            return this;
        }

        Call noParameters() {
            if (!directArgs.isEmpty()) {
                throw new FunctionException(name + " takes no constant parameters");
            }
            return this;
        }

        Call noDistinct() {
            if (distinct) {
                throw new FunctionException(name + " does not take DISTINCT");
            }
            return this;
        }

        SqlType type(int i) {
            return args.get(i).type();
        }

        /** docs/aggregates.md: a non-numeric input to a numeric aggregate is a compile-time error. */
        Call numeric() {
            for (Argument a : args) {
                if (!a.type().maybeNumeric()) {
                    throw new FunctionException(name + " needs a numeric argument, got " + a.type());
                }
            }
            return this;
        }

        Call ordered() {
            SqlType t = type(0);
            if (t == SqlType.ARRAY || t == SqlType.MAP || t == SqlType.STRUCT) {
                throw new FunctionException(name + " needs an ordered type, got " + t);
            }
            return this;
        }

        /** The fraction of PERCENTILE_CONT/DISC: one constant in [0, 1]. */
        double fraction() {
            if (directArgs.size() != 1 || !(directArgs.get(0) instanceof Number f)
                    || !(f.doubleValue() >= 0 && f.doubleValue() <= 1)) {
                throw new FunctionException(name + " takes one constant fraction between 0 and 1: " + name
                        + "(f) WITHIN GROUP (ORDER BY x), got " + directArgs);
            }
            return f.doubleValue();
        }

        /** One per-row input; DISTINCT wraps the accumulator. */
        BoundAggregate unary(SqlType returnType, boolean removable, Supplier<Accumulator> factory) {
            Supplier<Accumulator> f = distinct ? () -> new Distinct(factory.get()) : factory;
            return new Bound(returnType, 1, removable, f);
        }

        /** One per-row input where DISTINCT cannot change the result, so it costs nothing. */
        BoundAggregate unaryIgnoringDistinct(SqlType returnType, Supplier<Accumulator> factory) {
            return new Bound(returnType, 1, false, factory);
        }
    }

    private record Bound(SqlType returnType, int inputCount, boolean supportsRemove, Supplier<Accumulator> factory)
            implements BoundAggregate {
        @Override
        public Accumulator newAccumulator() {
            return factory.get();
        }
    }

    private interface Binder {
        BoundAggregate bind(Call call);
    }

    private record Builtin(String name, List<String> aliases, Binder binder) implements AggregateFunction {
        @Override
        public BoundAggregate bind(List<Argument> args, boolean distinct, List<Object> directArgs) {
            // directArgs may hold NULL (STRING_AGG(x, NULL)), which List.copyOf rejects
            return binder.bind(new Call(name, List.copyOf(args), distinct, Collections.unmodifiableList(new ArrayList<>(directArgs))));
        }
    }

    private static AggregateFunction of(String name, List<String> aliases, Binder binder) {
        return new Builtin(name, aliases, binder);
    }

    private static AggregateFunction of(String name, Binder binder) {
        return new Builtin(name, List.of(), binder);
    }

    /** The input type where it is a known number, else ANY (the result adapts at run time). */
    private static SqlType numericOrAny(SqlType t) {
        return t.isNumeric() ? t : SqlType.ANY;
    }

    private static SqlType typeOrAny(SqlType t) {
        return t == SqlType.NULL ? SqlType.ANY : t;
    }

    static List<AggregateFunction> all() {
        return List.of(
                of("COUNT", Builtins::count),
                of("COUNT_DISTINCT", c -> {
                    c.arity(1).noParameters();
                    return new Bound(SqlType.INTEGER, 1, true, () -> new Distinct(new Count()));
                }),
                of("SUM", c -> {
                    SqlType t = c.arity(1).noParameters().numeric().type(0);
                    return c.unary(numericOrAny(t), true, () -> Sums.sum(t));
                }),
                of("AVG", c -> c.arity(1).noParameters().numeric().unary(SqlType.FLOAT, true, Sums::avg)),
                range("MIN", Ranges.Output.MIN),
                range("MAX", Ranges.Output.MAX),
                range("DELTA", Ranges.Output.DELTA),
                of("FIRST_VALUE", List.of("FIRST"), c -> c.arity(1).noParameters()
                        .unaryIgnoringDistinct(typeOrAny(c.type(0)), () -> new FirstLast(false))),
                of("LAST_VALUE", List.of("LAST"), c -> c.arity(1).noParameters()
                        .unaryIgnoringDistinct(typeOrAny(c.type(0)), () -> new FirstLast(true))),
                of("APPROX_COUNT_DISTINCT", c -> c.arity(1).noParameters()
                        .unaryIgnoringDistinct(SqlType.INTEGER, HyperLogLog::new)),
                stringAgg("STRING_AGG", List.of("GROUP_CONCAT"), ","),
                stringAgg("LISTAGG", List.of(), ""),
                of("COLLECT", c -> c.arity(1).noParameters()
                        .unary(SqlType.ARRAY, false, () -> new ValueList(ValueList.collect()))),
                of("MEDIAN", c -> c.arity(1).noParameters().numeric()
                        .unary(SqlType.FLOAT, false, () -> new DoubleList("MEDIAN", 0.5))),
                of("PERCENTILE_CONT", c -> {
                    double f = c.arity(1).numeric().fraction();
                    return c.unary(SqlType.FLOAT, false, () -> new DoubleList("PERCENTILE_CONT", f));
                }),
                of("PERCENTILE_DISC", c -> {
                    double f = c.arity(1).ordered().fraction();
                    return c.unary(typeOrAny(c.type(0)), false, () -> new ValueList(ValueList.percentileDisc(f)));
                }),
                moments("STDDEV", List.of("STDDEV_SAMP"), Moments.Output.STDDEV_SAMP),
                moments("STDDEV_POP", List.of(), Moments.Output.STDDEV_POP),
                moments("VARIANCE", List.of("VAR_SAMP"), Moments.Output.VAR_SAMP),
                moments("VAR_POP", List.of(), Moments.Output.VAR_POP),
                coMoments(CoMoments.Output.CORR),
                coMoments(CoMoments.Output.COVAR_POP),
                coMoments(CoMoments.Output.COVAR_SAMP),
                coMoments(CoMoments.Output.REGR_SLOPE),
                coMoments(CoMoments.Output.REGR_INTERCEPT),
                coMoments(CoMoments.Output.REGR_R2));
    }

    private static BoundAggregate count(Call c) {
        c.noParameters();
        if (c.args().isEmpty()) {
            c.noDistinct();
            return new Bound(SqlType.INTEGER, 0, true, Count::new);
        }
        return c.arity(1).unary(SqlType.INTEGER, true, Count::new);
    }

    private static AggregateFunction range(String name, Ranges.Output output) {
        return of(name, c -> {
            SqlType t = c.arity(1).noParameters().ordered().type(0);
            if (output == Ranges.Output.DELTA) {
                c.numeric();
            }
            SqlType result = output == Ranges.Output.DELTA ? numericOrAny(t) : typeOrAny(t);
            return c.unaryIgnoringDistinct(result, () -> Ranges.of(output, t));
        });
    }

    /**
     * STRING_AGG(x, sep): the separator is a direct parameter or, as written, a constant second
     * argument; NULL means none (as PostgreSQL). Without one, {@code defaultSeparator}.
     */
    private static AggregateFunction stringAgg(String name, List<String> aliases, String defaultSeparator) {
        return of(name, aliases, c -> {
            Call call = c;
            if (c.args().size() == 2 && c.directArgs().isEmpty()) {
                if (!c.args().get(1).constant()) {
                    throw new FunctionException(name + " needs a constant separator");
                }
                call = new Call(name, c.args().subList(0, 1), c.distinct(), List.of(c.args().get(1).value()));
            }
            call.arity(1);
            if (call.directArgs().size() > 1) {
                throw new FunctionException(name + " takes one separator, got " + call.directArgs().size());
            }
            String separator = call.directArgs().isEmpty() ? defaultSeparator
                    : Values.toDisplayString(call.directArgs().get(0));
            return call.unary(SqlType.STRING, false, () -> new ValueList(ValueList.join(separator)));
        });
    }

    private static AggregateFunction moments(String name, List<String> aliases, Moments.Output output) {
        return of(name, aliases, c -> c.arity(1).noParameters().numeric()
                .unary(SqlType.FLOAT, true, () -> new Moments(output)));
    }

    private static AggregateFunction coMoments(CoMoments.Output output) {
        return of(output.name(), c -> {
            c.arity(2).noParameters().noDistinct().numeric();
            return new Bound(SqlType.FLOAT, 2, true, () -> new CoMoments(output));
        });
    }
}
