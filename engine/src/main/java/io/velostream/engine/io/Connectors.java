package io.velostream.engine.io;


import java.io.IOException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opens the reader or writer of an endpoint by its {@link EndpointSpec#type()}. Built-in types are
 * registered by {@link #builtIn()}; further connectors (Kafka, user beans) add a {@link ConnectorFactory}.
 *
 * <p>Registration happens while wiring up, before jobs open endpoints; the registry is not meant
 * to be changed concurrently with lookups.
 */
public final class Connectors {
    /** Sorted so the "known types" list in error messages is stable. */
    private final Map<String, ConnectorFactory> factories = new TreeMap<>();

    /**
     * A registry with the connectors listed in {@code META-INF/services/}{@link ConnectorFactory}:
     * the built-in {@code file_source}, {@code file_sink} and {@code stdout} (found, not named, so
     * {@code io} does not depend on the packages that implement it), and any a jar on the class path adds.
     */
    public static Connectors builtIn() {
        Connectors connectors = new Connectors();
        ServiceLoader.load(ConnectorFactory.class, Connectors.class.getClassLoader()).forEach(connectors::register);
        return connectors;
    }

    /** Adds a factory, replacing any factory registered for the same type. */
    public Connectors register(ConnectorFactory factory) {
        factories.put(factory.type(), factory);
        return this;
    }

    public Set<String> types() {
        return java.util.Collections.unmodifiableSet(factories.keySet());
    }

    /**
     * @throws IllegalArgumentException on an unknown type, a sink type, or invalid options
     * @throws IOException when the source cannot be opened (a missing file)
     */
    public DataReader openReader(EndpointSpec spec) throws IOException {
        return factory(spec).openReader(spec);
    }

    /**
     * @throws IllegalArgumentException on an unknown type, a source type, or invalid options
     * @throws IOException when the sink cannot be opened
     */
    public DataWriter openWriter(EndpointSpec spec) throws IOException {
        return factory(spec).openWriter(spec);
    }

    private ConnectorFactory factory(EndpointSpec spec) {
        ConnectorFactory f = spec.type() == null ? null : factories.get(spec.type());
        if (f == null) {
            throw new IllegalArgumentException("endpoint '" + spec.name() + "': unknown type '" + spec.type()
                    + "'; known types: " + String.join(", ", factories.keySet()));
        }
        return f;
    }
}
