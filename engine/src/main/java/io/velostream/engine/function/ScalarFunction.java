package io.velostream.engine.function;

import java.util.List;

/**
 * A scalar SQL function (docs/functions.md), built in or added by a user through {@link java.util.ServiceLoader}
 * (or, in Spring, as a bean).
 *
 * <p>A call site is bound once when the query compiles: {@link #bind} checks the argument count
 * and types and returns the code that runs per record. An error there is a compile-time error,
 * reported with the call's line and column.
 */
public interface ScalarFunction {
    /** The name in SQL, upper case. */
    String name();

    /** Other names for the same function (upper case), e.g. {@code CEILING} for {@code CEIL}. */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * Binds a call site.
     *
     * @param args what is known of each argument at compile time
     * @throws FunctionException when the arguments do not fit (wrong count, wrong type)
     */
    BoundFunction bind(List<Argument> args, FunctionContext context);
}
