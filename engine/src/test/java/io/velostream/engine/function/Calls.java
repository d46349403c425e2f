package io.velostream.engine.function;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.internal.function.builtin.BuiltinFunctions;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.Values;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;

/** Calls built-ins the way the compiler does: find, bind, invoke. */
public final class Calls {
    /** A Friday: 2024-03-15T10:30:45.123Z. */
    public static final Instant NOW = Instant.parse("2024-03-15T10:30:45.123Z");
    public static final FunctionContext CONTEXT = new FunctionContext(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final FunctionRegistry REGISTRY = BuiltinFunctions.registry();

    private Calls() {
    }

    public static BoundFunction bind(String name, Argument... args) {
        ScalarFunction f = REGISTRY.find(name).orElseThrow(() -> new AssertionError("no function " + name));
        return f.bind(List.of(args), CONTEXT);
    }

    /** Binds with each argument's type taken from its value, none constant, and invokes. */
    public static Object call(String name, Object... values) {
        return bind(name, Arrays.stream(values).map(v -> Argument.of(Values.typeOf(v))).toArray(Argument[]::new))
                .invoke(values.clone());
    }

    /** As {@link #call}, with every argument a constant (patterns compile at bind time). */
    public static Object callConst(String name, Object... values) {
        return bind(name, Arrays.stream(values).map(v -> Argument.constant(Values.typeOf(v), v)).toArray(Argument[]::new))
                .invoke(values.clone());
    }

    /** Binds with arguments whose type is unknown until run time, and invokes. */
    public static Object callAny(String name, Object... values) {
        return bind(name, Arrays.stream(values).map(v -> Argument.of(SqlType.ANY)).toArray(Argument[]::new))
                .invoke(values.clone());
    }

    public static SqlType returnType(String name, SqlType... types) {
        return bind(name, Arrays.stream(types).map(Argument::of).toArray(Argument[]::new)).returnType();
    }

    public static AbstractThrowableAssert<?, ? extends Throwable> assertBindError(String name, SqlType... types) {
        return assertThatThrownBy(() -> returnType(name, types)).isInstanceOf(FunctionException.class);
    }
}
