package io.velostream.engine.internal.io.console;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.Format;

/**
 * {@code stdout}: writes records to standard output. Options: {@code format} ({@code jsonl}
 * default, {@code json} the same, {@code csv}, {@code csv_no_header}), {@code delimiter},
 * {@code has_headers}.
 */
public final class StdoutConnector implements ConnectorFactory {
    public static final String TYPE = "stdout";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DataWriter openWriter(EndpointSpec spec) {
        Format format = Format.of(spec, null, Format.JSONL);
        return new StdoutWriter(System.out, format, EndpointOptions.delimiter(spec),
                EndpointOptions.flag(spec, "has_headers", true));
    }
}
