package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ARRAY, ARRAY_LENGTH, ARRAY_CONTAINS, MAP, MAP_KEYS, MAP_VALUES, STRUCT. */
final class CollectionFunctions {
    private CollectionFunctions() {
    }

    private static final Set<SqlType> MAPS = EnumSet.of(SqlType.MAP, SqlType.STRUCT);

    static List<ScalarFunction> all() {
        return List.of(
                Def.of("ARRAY", 0, Def.MANY, c -> BoundFunction.of(SqlType.ARRAY, a -> new ArrayList<>(Arrays.asList(a)))),
                Def.of("ARRAY_LENGTH", 1, c -> Bound.strict(c.expect(0, SqlType.ARRAY).result(SqlType.INTEGER),
                        v -> (long) list(c.name, v).size())),
                Def.of("ARRAY_CONTAINS", 2, c -> Bound.strict(c.expect(0, SqlType.ARRAY).result(SqlType.BOOLEAN), (arr, x) -> {
                    for (Object e : list(c.name, arr)) {
                        if (e != null && equal(e, x)) {
                            return true;
                        }
                    }
                    return false;
                })),
                Def.of("MAP_KEYS", 1, c -> Bound.strict(c.expect(0, "a MAP", MAPS).result(SqlType.ARRAY),
                        m -> new ArrayList<Object>(map(c.name, m).keySet()))),
                Def.of("MAP_VALUES", 1, c -> Bound.strict(c.expect(0, "a MAP", MAPS).result(SqlType.ARRAY),
                        m -> new ArrayList<>(map(c.name, m).values()))),
                Def.of("MAP", 0, Def.MANY, c -> {
                    pairs(c);
                    for (int i = 0; i < c.count(); i += 2) {
                        c.expect(i, SqlType.STRING);
                    }
                    return BoundFunction.of(SqlType.MAP, a -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        for (int i = 0; i < a.length; i += 2) {
                            if (!(a[i] instanceof String k)) {
                                throw new ValueException(c.name + " keys must be strings, got "
                                        + (a[i] == null ? "NULL" : Num.describe(a[i])));
                            }
                            m.put(k, a[i + 1]);
                        }
                        return m;
                    });
                }),
                Def.of("STRUCT", 0, Def.MANY, c -> {
                    pairs(c);
                    String[] names = new String[c.count() / 2];
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < names.length; i++) {
                        if (c.type(2 * i) != SqlType.STRING || c.constant(2 * i) == null) {
                            throw c.error("field names must be constant strings, argument " + (2 * i + 1) + " is not");
                        }
                        names[i] = (String) c.constant(2 * i);
                        if (!seen.add(names[i])) {
                            throw c.error("has the field '" + names[i] + "' twice");
                        }
                    }
                    return BoundFunction.of(SqlType.STRUCT, a -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        for (int i = 0; i < names.length; i++) {
                            m.put(names[i], a[2 * i + 1]);
                        }
                        return m;
                    });
                }));
    }

    private static void pairs(Call c) {
        if (c.count() % 2 != 0) {
            throw c.error("takes key, value pairs (an even number of arguments), got " + c.count());
        }
    }

    /** Elements of different kinds (a string and a number) are unequal rather than an error. */
    private static boolean equal(Object a, Object b) {
        try {
            return Values.sqlEquals(a, b);
        } catch (ValueException e) {
            return false;
        }
    }

    static List<?> list(String fn, Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new ValueException(fn + " expects an ARRAY, got " + Num.describe(v));
    }

    static Map<?, ?> map(String fn, Object v) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new ValueException(fn + " expects a MAP, got " + Num.describe(v));
    }
}
