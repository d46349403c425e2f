package io.velostream.engine.app;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;

import java.io.IOException;

/** Opens the reader or writer an endpoint declares; the runtime decides which types it offers. */
public interface EndpointOpener {
    DataReader openReader(EndpointSpec spec) throws IOException;

    DataWriter openWriter(EndpointSpec spec) throws IOException;

    /** True when a source of this type ends by itself (a file), so ORDER BY can sort all of it. */
    boolean isBounded(EndpointSpec spec);
}
