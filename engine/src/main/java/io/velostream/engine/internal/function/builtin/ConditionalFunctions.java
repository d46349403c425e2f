package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import java.util.List;

/**
 * COALESCE, NULLIF, IF. Their arguments are all evaluated before the call; CASE is the form that
 * evaluates only the branch it takes.
 */
final class ConditionalFunctions {
    private ConditionalFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                Def.of("COALESCE", 1, Def.MANY, c -> {
                    SqlType type = Num.common(c, Num.range(0, c.count()));
                    return BoundFunction.of(type, a -> {
                        for (Object v : a) {
                            if (v != null) {
                                return Num.to(type, v);
                            }
                        }
                        return null;
                    });
                }),
                Def.of("NULLIF", 2, c -> BoundFunction.of(c.type(0),
                        a -> a[0] != null && a[1] != null && Values.sqlEquals(a[0], a[1]) ? null : a[0])),
                Def.of("IF", 3, c -> {
                    c.expect(0, SqlType.BOOLEAN);
                    SqlType type = Num.common(c, 1, 2);
                    return BoundFunction.of(type, a -> Num.to(type, condition(c.name, a[0]) ? a[1] : a[2]));
                }));
    }

    /** NULL counts as false, as in WHERE. */
    private static boolean condition(String fn, Object v) {
        if (v == null || v instanceof Boolean) {
            return v != null && (Boolean) v;
        }
        throw new ValueException(fn + " expects a BOOLEAN condition, got " + Num.describe(v));
    }
}
