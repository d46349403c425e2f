package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.CsvDecoder;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded CSV file source. The schema is closed: the header's names, or {@code column1…N}
 * after the width of the first record when there is no header. Blank lines are skipped. A
 * record's offset is the line it starts on.
 */
final class CsvFileReader extends FileReaderBase {
    private final LineReader lines;
    private final CsvDecoder decoder;
    private final Schema schema;
    /** The first record was read to size a header-less schema and is still in the line buffer. */
    private boolean pending;
    private long recordLine;

    CsvFileReader(EndpointSpec spec, Path path, Reader in, char delimiter, boolean header, RecordErrorHandler errors)
            throws IOException {
        super(spec, path, errors);
        this.lines = new LineReader(in);
        this.decoder = new CsvDecoder(delimiter);
        List<String> names = new ArrayList<>();
        try {
            int n = nextRecord(!header);
            Object[] first = decoder.values(Math.max(n, 0));
            for (int i = 0; i < n; i++) {
                Object name = header ? first[i] : null;
                names.add(name == null || name.toString().isBlank() ? "column" + (i + 1) : name.toString());
            }
        } catch (DecodeException e) {
            throw new IOException(spec.type() + " '" + spec.name() + "': cannot read the first record at "
                    + position(recordLine) + ": " + e.getMessage(), e);
        }
        this.pending = !header && !names.isEmpty();
        this.schema = Schema.of(names.toArray(String[]::new));
        if (schema.size() != names.size()) {
            throw new IllegalArgumentException(spec.type() + " '" + spec.name() + "': duplicate column names in the header of "
                    + path.getFileName() + ": " + names);
        }
    }

    @Override
    Schema schema() {
        return schema;
    }

    @Override
    boolean read(List<StreamRecord> batch, int max) throws IOException {
        long now = System.currentTimeMillis();
        int width = schema.size();
        for (int added = 0; added < max; ) {
            int n;
            try {
                n = nextRecord(true);
            } catch (DecodeException e) {
                error(recordLine, e.getMessage(), lines.text(), null);
                continue;
            }
            if (n < 0) {
                return false;
            }
            if (n != width) {
                error(recordLine, "expected " + width + " fields but found " + n, lines.text(), null);
                continue;
            }
            batch.add(record(schema, decoder.values(n), now, recordLine));
            added++;
        }
        return !lines.atEnd();
    }

    /**
     * Reads and splits the next non-blank record, following quoted fields across lines.
     *
     * @return its field count, or -1 at end of input
     */
    private int nextRecord(boolean infer) throws IOException, DecodeException {
        if (pending) {
            pending = false;
        } else {
            do {
                if (!lines.next()) {
                    return -1;
                }
            } while (lines.isBlank());
            recordLine = lines.lineNumber();
        }
        int n;
        while ((n = decoder.split(lines.chars(), lines.length(), infer)) < 0) {
            if (!lines.appendNext()) {
                throw new DecodeException("unterminated quoted field at end of file");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
