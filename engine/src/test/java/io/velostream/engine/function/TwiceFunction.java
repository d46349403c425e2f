package io.velostream.engine.function;

import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.SqlType;
import java.util.List;

/** A user function for the ServiceLoader tests: TWICE(x) (alias DOUBLE_IT) = 2 × x. */
public class TwiceFunction implements ScalarFunction {
    private final String name;
    private final List<String> aliases;

    public TwiceFunction() {
        this("TWICE", List.of("DOUBLE_IT"));
    }

    TwiceFunction(String name, List<String> aliases) {
        this.name = name;
        this.aliases = aliases;
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
        if (args.size() != 1) {
            throw new FunctionException(name + " takes 1 argument, got " + args.size());
        }
        return BoundFunction.of(SqlType.INTEGER, a -> a[0] == null ? null : 2 * Coercions.toLong(a[0]));
    }
}
