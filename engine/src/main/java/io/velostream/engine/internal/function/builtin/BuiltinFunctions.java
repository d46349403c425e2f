package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.function.ScalarFunction;
import java.util.ArrayList;
import java.util.List;

/** The built-in scalar functions (docs/functions.md; header and window functions are compiled directly). */
public final class BuiltinFunctions {
    private BuiltinFunctions() {
    }

    /**
     * A new registry holding every built-in scalar function except the header functions and
     * TUMBLE_START/TUMBLE_END, which need the record and are compiled directly.
     */
    public static FunctionRegistry registry() {
        return FunctionRegistry.withBuiltins(all());
    }

    public static List<ScalarFunction> all() {
        List<ScalarFunction> all = new ArrayList<>();
        all.addAll(MathFunctions.all());
        all.addAll(StringFunctions.all());
        all.addAll(TimeFunctions.all());
        all.addAll(ConditionalFunctions.all());
        all.addAll(JsonFunctions.all());
        all.addAll(CollectionFunctions.all());
        return List.copyOf(all);
    }
}
