package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.function.ScalarFunction;
import java.util.Arrays;
import java.util.List;

/** A built-in: its names, how many arguments it takes, and how a call site binds. */
final class Def implements ScalarFunction {
    static final int MANY = Integer.MAX_VALUE;

    @FunctionalInterface
    interface Binder {
        BoundFunction bind(Call call);
    }

    private final String name;
    private final List<String> aliases;
    private final int min;
    private final int max;
    private final Binder binder;

    private Def(String names, int min, int max, Binder binder) {
        List<String> all = Arrays.asList(names.split("\\|"));
        this.name = all.get(0);
        this.aliases = List.copyOf(all.subList(1, all.size()));
        this.min = min;
        this.max = max;
        this.binder = binder;
    }

    /** {@code names} is the name followed by its aliases, separated by {@code |} ("CEIL|CEILING"). */
    static Def of(String names, int min, int max, Binder binder) {
        return new Def(names, min, max, binder);
    }

    static Def of(String names, int arity, Binder binder) {
        return new Def(names, arity, arity, binder);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }

    @Override
    public BoundFunction bind(List<Argument> args, FunctionContext context) {
        int n = args.size();
        if (n < min || n > max) {
            throw new FunctionException(name + " takes " + arity() + ", got " + n);
        }
        return binder.bind(new Call(name, args, context));
    }

    private String arity() {
        if (max == MANY) {
            return "at least " + plural(min);
        } else if (min == max) {
            return min == 0 ? "no arguments" : plural(min);
        }
        return min + (max == min + 1 ? " or " : " to ") + max + " arguments";
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }
}
