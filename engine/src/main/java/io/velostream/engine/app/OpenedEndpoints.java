package io.velostream.engine.app;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Position;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a statement's readers and writers, reporting a failure at the statement's position, and
 * keeps them until the job takes them over, so that a statement with errors closes what it opened.
 */
final class OpenedEndpoints {
    private final Connectors connectors;
    private final Diagnostics diagnostics;
    private final List<AutoCloseable> opened = new ArrayList<>();

    OpenedEndpoints(Connectors connectors, Diagnostics diagnostics) {
        this.connectors = connectors;
        this.diagnostics = diagnostics;
    }

    /** The reader of {@code spec}, or null when it cannot be opened (the error is reported). */
    DataReader reader(Position pos, EndpointSpec spec) {
        try {
            return keep(connectors.openReader(spec));
        } catch (IOException | IllegalArgumentException e) {
            diagnostics.error(pos, e.getMessage()); // connector messages name the endpoint already
            return null;
        }
    }

    /** The writer of {@code spec}, or null when it cannot be opened (the error is reported). */
    DataWriter writer(Position pos, EndpointSpec spec) {
        try {
            return keep(connectors.openWriter(spec));
        } catch (IOException | IllegalArgumentException e) {
            diagnostics.error(pos, e.getMessage());
            return null;
        }
    }

    private <T extends AutoCloseable> T keep(T endpoint) {
        opened.add(endpoint);
        return endpoint;
    }

    /** {@code endpoint} was closed already, or belongs to someone else now. */
    void forget(AutoCloseable endpoint) {
        opened.remove(endpoint);
    }

    /** Everything opened so far belongs to a job now. */
    void handOver() {
        opened.clear();
    }

    void closeAll() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing after a compile error: the error being reported matters, not this one.
            }
        }
    }
}
