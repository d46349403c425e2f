package io.velostream.engine.internal.exec.expr;

import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.Values;

import java.util.List;
import java.util.Set;

/**
 * The header functions (docs/sql.md#system-columns-and-headers). They read and change the headers of the row being evaluated, so
 * they are compiled here rather than bound through the function SPI. {@code HEADER} sees the
 * output headers as changed so far by {@code SET_HEADER}/{@code REMOVE_HEADER} in earlier items.
 */
public final class HeaderFunctions {
    private static final Set<String> NAMES = Set.of("HEADER", "HAS_HEADER", "HEADER_KEYS", "SET_HEADER", "REMOVE_HEADER");

    private HeaderFunctions() {
    }

    public static boolean isHeaderFunction(String name) {
        return NAMES.contains(name);
    }

    public static Compiled compile(String name, List<Compiled> args) {
        switch (name) {
            case "HEADER": {
                Evaluator k = single(name, args);
                return Compiled.of(row -> {
                    Object key = k.eval(row);
                    return key == null ? null : row.headers.get(Values.toDisplayString(key));
                }, SqlType.STRING);
            }
            case "HAS_HEADER": {
                Evaluator k = single(name, args);
                return Compiled.of(row -> {
                    Object key = k.eval(row);
                    return key == null ? null : row.headers.has(Values.toDisplayString(key));
                }, SqlType.BOOLEAN);
            }
            case "HEADER_KEYS": {
                arity(name, args, 0);
                return Compiled.of(row -> String.join(",", row.headers.keys()), SqlType.STRING);
            }
            case "SET_HEADER": {
                arity(name, args, 2);
                Evaluator k = args.get(0).eval();
                Evaluator v = args.get(1).eval();
                return Compiled.of(row -> {
                    Object key = k.eval(row);
                    Object value = v.eval(row);
                    if (key != null) {
                        String text = key.toString();
                        row.headers = value == null ? row.headers.without(text)
                                : row.headers.with(text, Values.toDisplayString(value));
                    }
                    return value;
                }, args.get(1).type());
            }
            case "REMOVE_HEADER": {
                Evaluator k = single(name, args);
                return Compiled.of(row -> {
                    Object key = k.eval(row);
                    if (key == null) {
                        return null;
                    }
                    String text = Values.toDisplayString(key);
                    String old = row.headers.get(text);
                    row.headers = row.headers.without(text);
                    return old;
                }, SqlType.STRING);
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static Evaluator single(String name, List<Compiled> args) {
        arity(name, args, 1);
        return args.get(0).eval();
    }

    private static void arity(String name, List<Compiled> args, int n) {
        if (args.size() != n) {
            throw new FunctionException(name + " takes " + n + (n == 1 ? " argument" : " arguments") + ", got " + args.size());
        }
    }
}
