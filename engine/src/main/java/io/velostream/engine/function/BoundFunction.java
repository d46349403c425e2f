package io.velostream.engine.function;

import io.velostream.engine.record.SqlType;

/** A function bound to one call site: what runs per record. */
public interface BoundFunction {
    /** The result type ({@link SqlType#ANY} when it depends on run-time values). */
    SqlType returnType();

    /**
     * Computes the result. {@code args} holds the evaluated arguments; the array is reused
     * between calls, so an implementation must not keep it.
     *
     * @throws io.velostream.engine.record.ValueException when the result cannot be computed for these values
     */
    Object invoke(Object[] args);

    /** False for functions whose result changes between calls with the same arguments (NOW()). */
    default boolean deterministic() {
        return true;
    }

    static BoundFunction of(SqlType returnType, java.util.function.Function<Object[], Object> body) {
        return new BoundFunction() {
            @Override
            public SqlType returnType() {
                return returnType;
            }

            @Override
            public Object invoke(Object[] args) {
                return body.apply(args);
            }
        };
    }
}
