package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.record.Values;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Something compiled from text arguments (a regular expression, a date pattern, a JSON path):
 * once at bind time when those arguments are constants, else per call through a small cache
 * shared by all call sites.
 *
 * @param <T> what the text compiles to
 */
final class Compiled<T> {
    /** Text that does not compile; the message names the problem, not the function. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private static final int CACHE_LIMIT = 256;

    private final Map<String, T> cache = new ConcurrentHashMap<>();
    private final Function<String[], T> compiler;

    /** @param compiler compiles the texts; throws {@link Invalid} (or IllegalArgumentException) when they are bad */
    Compiled(Function<String[], T> compiler) {
        this.compiler = compiler;
    }

    /**
     * How a call site gets its compiled value from its arguments.
     *
     * @param indexes the text arguments (at most two), in the compiler's order; an index past the call's
     *                arguments stands for an omitted optional one (null text)
     */
    Function<Object[], T> bind(Call c, int... indexes) {
        boolean constant = true;
        String[] texts = new String[indexes.length];
        for (int k = 0; k < indexes.length; k++) {
            int i = indexes[k];
            if (i < c.count()) {
                texts[k] = c.constantText(i);
                constant &= texts[k] != null;
            }
        }
        if (constant) {
            T value = compile(c, true, texts);
            return args -> value;
        }
        return args -> {
            String[] t = new String[indexes.length];
            for (int k = 0; k < indexes.length; k++) {
                t[k] = indexes[k] < args.length ? Values.toDisplayString(args[indexes[k]]) : null;
            }
            String key = t.length == 1 ? t[0] : String.join("\u0000", t[0], String.valueOf(t[1]));
            T value = cache.get(key);
            if (value == null) {
                value = compile(c, false, t);
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(key, value);
            }
            return value;
        };
    }

    private T compile(Call c, boolean atBind, String[] texts) {
        try {
            return compiler.apply(texts);
        } catch (IllegalArgumentException | Invalid e) {
            throw c.valueError(atBind, e.getMessage());
        }
    }
}
