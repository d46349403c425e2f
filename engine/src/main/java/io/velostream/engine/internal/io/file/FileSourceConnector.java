package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.Format;
import io.velostream.engine.internal.io.format.Json;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code file_source}: a bounded reader of a CSV or JSON file, streamed (never loaded whole).
 * Options: {@code path} (required), {@code format}, {@code delimiter}, {@code has_headers}.
 */
public final class FileSourceConnector implements ConnectorFactory {
    public static final String TYPE = "file_source";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DataReader openReader(EndpointSpec spec) throws IOException {
        Path path = EndpointOptions.path(spec);
        Format format = Format.of(spec, path, null);
        char delimiter = EndpointOptions.delimiter(spec);
        boolean header = format == Format.CSV && EndpointOptions.flag(spec, "has_headers", true);
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException("file source '" + spec.name() + "': file not found: " + path);
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            return new ReadAhead(spec.name(), spec.errors(), errors -> {
                if (format.isCsv()) {
                    return new CsvFileReader(spec, path, new InputStreamReader(in, StandardCharsets.UTF_8), delimiter,
                            header, errors);
                }
                if (format == Format.JSON && startsWithArray(in)) {
                    return new JsonArrayReader(spec, path, Json.FACTORY.createParser(in), errors);
                }
                return new JsonLinesReader(spec, path, in, errors);
            });
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Peeks past a byte-order mark and whitespace: does the content start with '['? */
    private static boolean startsWithArray(InputStream in) throws IOException {
        in.mark(1 << 12);
        try {
            for (int i = 0; i < (1 << 12); i++) {
                int b = in.read();
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return b == '[';
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }
}
