package io.velostream.engine.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scalar functions a query may call, by upper-case name and alias. Filled once at start-up
 * (built-ins, then user functions); lookups are safe from any thread.
 *
 * <p>No function silently replaces another: a user function whose name or alias is taken, by a
 * built-in or by another user function, is rejected.
 */
public final class FunctionRegistry {
    private final Map<String, ScalarFunction> byName = new ConcurrentHashMap<>();
    private final Set<String> builtinNames = ConcurrentHashMap.newKeySet();

    private FunctionRegistry() {
    }

    /** An empty registry. */
    public static FunctionRegistry empty() {
        return new FunctionRegistry();
    }

    /**
     * A new registry holding {@code builtins}: a user function that takes one of their names is told
     * it clashes with a built-in. The built-ins themselves come from {@code function.builtin}
     * ({@code BuiltinFunctions.registry()}), which depends on this package, not the other way.
     */
    public static FunctionRegistry withBuiltins(List<ScalarFunction> builtins) {
        FunctionRegistry r = new FunctionRegistry();
        for (ScalarFunction f : builtins) {
            r.add(f);
            r.builtinNames.addAll(namesOf(f));
        }
        return r;
    }

    /** Registers every {@link ScalarFunction} that {@link ServiceLoader} finds through {@code loader}. */
    public FunctionRegistry withServiceLoader(ClassLoader loader) {
        for (ScalarFunction f : ServiceLoader.load(ScalarFunction.class, loader)) {
            register(f);
        }
        return this;
    }

    /**
     * Adds a function.
     *
     * @throws IllegalArgumentException when its name or an alias is already registered
     */
    public FunctionRegistry register(ScalarFunction function) {
        add(function);
        return this;
    }

    private synchronized void add(ScalarFunction function) {
        List<String> names = namesOf(function);
        for (String n : names) {
            if (n.isBlank()) {
                throw new IllegalArgumentException("function " + function.getClass().getName() + " has a blank name");
            }
            ScalarFunction existing = byName.get(n);
            if (existing != null) {
                String kind = builtinNames.contains(n) ? "built-in function " : "function ";
                throw new IllegalArgumentException("function " + names.get(0) + " (" + function.getClass().getName()
                        + ") clashes with " + kind + existing.name() + " on the name " + n);
            }
        }
        names.forEach(n -> byName.put(n, function));
    }

    private static List<String> namesOf(ScalarFunction f) {
        List<String> names = new ArrayList<>();
        names.add(upper(f.name()));
        f.aliases().forEach(a -> names.add(upper(a)));
        return names;
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** The function called {@code name} (any case; a name or an alias). */
    public Optional<ScalarFunction> find(String name) {
        return Optional.ofNullable(byName.get(upper(name)));
    }

    /** Every name and alias that resolves to a function, sorted. */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
