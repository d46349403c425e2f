package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.record.SqlType;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds bound functions; the {@code strict} ones return NULL as soon as any argument is NULL. */
final class Bound {
    private Bound() {
    }

    @FunctionalInterface
    interface F1 {
        Object apply(Object a);
    }

    @FunctionalInterface
    interface F2 {
        Object apply(Object a, Object b);
    }

    @FunctionalInterface
    interface F3 {
        Object apply(Object a, Object b, Object c);
    }

    static BoundFunction strict(SqlType type, F1 f) {
        return BoundFunction.of(type, a -> a[0] == null ? null : f.apply(a[0]));
    }

    static BoundFunction strict(SqlType type, F2 f) {
        return BoundFunction.of(type, a -> a[0] == null || a[1] == null ? null : f.apply(a[0], a[1]));
    }

    static BoundFunction strict(SqlType type, F3 f) {
        return BoundFunction.of(type, a -> a[0] == null || a[1] == null || a[2] == null ? null : f.apply(a[0], a[1], a[2]));
    }

    /** Any number of arguments, NULL if any is NULL. */
    static BoundFunction strictN(SqlType type, Function<Object[], Object> f) {
        return BoundFunction.of(type, a -> {
            for (Object v : a) {
                if (v == null) {
                    return null;
                }
            }
            return f.apply(a);
        });
    }

    /** A function of the clock rather than of its arguments: never folded into a constant. */
    static BoundFunction volatileOf(SqlType type, Supplier<Object> f) {
        return new BoundFunction() {
            @Override
            public SqlType returnType() {
                return type;
            }

            @Override
            public Object invoke(Object[] args) {
                return f.get();
            }

            @Override
            public boolean deterministic() {
                return false;
            }
        };
    }
}
