package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.EncodingWriter;
import io.velostream.engine.internal.io.format.Format;
import io.velostream.engine.record.StreamRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code file_sink}: writes records to a file as CSV or one JSON object per line ({@code json}
 * and {@code jsonl} alike). Options: {@code path} (required; missing folders are created),
 * {@code format}, {@code delimiter}, {@code has_headers}, {@code append} (default false: truncate).
 * Appending CSV to a non-empty file does not repeat the header. Encoding and writing run on a
 * thread of the sink's own ({@link WriteBehind}).
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
        return new WriteBehind(spec.name(),
                new FileWriter(spec.name(), path, new EncodingWriter(format.encoder(out, delimiter, header), out, true)));
    }

    /**
     * Names the sink and its file in a write failure: the operating system's message alone ("No space
     * left on device") does not say which of a job's files is at fault (docs/reliability.md, faults).
     */
    private record FileWriter(String sink, Path path, DataWriter writer) implements DataWriter {
        @Override
        public void write(List<StreamRecord> batch) throws IOException {
            try {
                writer.write(batch);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                writer.flush();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                writer.close();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private IOException failed(IOException e) {
            return new IOException("file sink '" + sink + "': cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
