package io.velostream.engine.function.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aggregates by name (and alias), case-insensitive: the built-ins (docs/aggregates.md), plus user aggregates
 * found through {@link ServiceLoader} or {@link #register registered}. A user aggregate may not
 * take a name already in use, so a query never silently changes meaning.
 */
public final class AggregateRegistry {
    private final Map<String, AggregateFunction> byName = new TreeMap<>();

    private AggregateRegistry() {
    }

    /** The built-in aggregates only. */
    public static AggregateRegistry builtins() {
        AggregateRegistry registry = new AggregateRegistry();
        Builtins.all().forEach(registry::register);
        return registry;
    }

    /**
     * The built-ins plus every {@link AggregateFunction} that {@code loader} lists under
     * {@code META-INF/services/io.velostream.engine.function.aggregate.AggregateFunction}.
     *
     * @throws IllegalArgumentException when a user aggregate's name or alias is taken
     */
    public static AggregateRegistry load(ClassLoader loader) {
        AggregateRegistry registry = builtins();
        ServiceLoader.load(AggregateFunction.class, loader).forEach(registry::register);
        return registry;
    }

    /**
     * Adds an aggregate under its name and aliases.
     *
     * @throws IllegalArgumentException when one of them is taken
     */
    public AggregateRegistry register(AggregateFunction function) {
        List<String> names = new ArrayList<>();
        names.add(function.name());
        names.addAll(function.aliases());
        for (String name : names) {
            AggregateFunction existing = byName.get(key(name));
            if (existing != null) {
                throw new IllegalArgumentException("aggregate " + function.getClass().getName() + " cannot take the name "
                        + key(name) + ": it is " + existing.name());
            }
        }
        names.forEach(name -> byName.put(key(name), function));
        return this;
    }

    /** The aggregate with this name or alias, in any case. */
    public Optional<AggregateFunction> find(String name) {
        return Optional.ofNullable(byName.get(key(name)));
    }

    /** Every name and alias, upper case. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    private static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
