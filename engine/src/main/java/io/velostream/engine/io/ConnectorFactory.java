package io.velostream.engine.io;

import java.io.IOException;

/**
 * Opens readers and writers for one endpoint type ({@code file_source}, {@code stdout}, later
 * {@code kafka_source}, …). A factory implements the direction(s) its type supports; the other
 * direction fails with a message naming the endpoint.
 */
public interface ConnectorFactory {
    /** The endpoint type this factory serves, as written in {@code '<name>.type'}. */
    String type();

    default DataReader openReader(EndpointSpec spec) throws IOException {
        throw new IllegalArgumentException(spec.type() + " '" + spec.name() + "' is a sink and cannot be read from");
    }

    default DataWriter openWriter(EndpointSpec spec) throws IOException {
        throw new IllegalArgumentException(spec.type() + " '" + spec.name() + "' is a source and cannot be written to");
    }
}
