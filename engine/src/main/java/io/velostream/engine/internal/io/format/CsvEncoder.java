package io.velostream.engine.internal.io.format;

import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes records as CSV lines (docs/formats.md#csv). The columns are the fields of the first record's schema in
 * slot order (the SELECT order); a field added to a schemaless schema later is not written.
 * Values print as {@link Values#toDisplayString} shows them: NULL empty, the empty string as
 * {@code ""}, and a value holding the delimiter, a quote or a line break quoted.
 */
public final class CsvEncoder implements RecordEncoder {
    private final Writer out;
    private final char delimiter;
    private final boolean header;
    /** Columns written per line, fixed by the first record; -1 before it. */
    private int columns = -1;

    public CsvEncoder(OutputStream out, char delimiter, boolean header) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.delimiter = delimiter;
        this.header = header;
    }

    @Override
    public void encode(StreamRecord record) throws IOException {
        if (columns < 0) {
            Schema schema = record.schema();
            columns = schema.size();
            if (header) {
                for (int i = 0; i < columns; i++) {
                    writeField(i, schema.name(i));
                }
                out.write('\n');
            }
        }
        for (int i = 0; i < columns; i++) {
            Object v = record.value(i);
            writeField(i, v == null ? null : Values.toDisplayString(v));
        }
        out.write('\n');
    }

    private void writeField(int column, String text) throws IOException {
        if (column > 0) {
            out.write(delimiter);
        }
        if (text == null) {
            return;
        }
        if (text.isEmpty() || needsQuotes(text)) {
            out.write('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    out.write('"');
                }
                out.write(c);
            }
            out.write('"');
        } else {
            out.write(text);
        }
    }

    private boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
