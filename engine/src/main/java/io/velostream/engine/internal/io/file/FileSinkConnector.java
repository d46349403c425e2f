package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.EncodingWriter;
import io.velostream.engine.internal.io.format.Format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code file_sink}: writes records to a file as CSV or one JSON object per line ({@code json}
 * and {@code jsonl} alike). Options: {@code path} (required; missing folders are created),
 * {@code format}, {@code delimiter}, {@code has_headers}, {@code append} (default false: truncate).
 * Appending CSV to a non-empty file does not repeat the header.
 */
public final class FileSinkConnector implements ConnectorFactory {
    public static final String TYPE = "file_sink";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DataWriter openWriter(EndpointSpec spec) throws IOException {
        Path path = EndpointOptions.path(spec);
        Format format = Format.of(spec, path, null);
        char delimiter = EndpointOptions.delimiter(spec);
        boolean append = EndpointOptions.flag(spec, "append", false);
        boolean header = EndpointOptions.flag(spec, "has_headers", true)
                && !(append && Files.exists(path) && Files.size(path) > 0);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING), 1 << 16);
        return new EncodingWriter(format.encoder(out, delimiter, header), out, true);
    }
}
