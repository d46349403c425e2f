package io.velostream.engine.internal.io.console;

import io.velostream.engine.internal.io.format.EncodingWriter;
import io.velostream.engine.internal.io.format.Format;
import io.velostream.engine.internal.io.format.RecordEncoder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/** Writes records to a console stream, one JSON object per line by default; never closes the stream. */
public final class StdoutWriter extends EncodingWriter {
    /** JSON lines on {@code System.out}. */
    public StdoutWriter() {
        this(System.out);
    }

    /** JSON lines on {@code out}. */
    public StdoutWriter(PrintStream out) {
        this(out, Format.JSONL, ',', true);
    }

    /** @param header for CSV: write the header line before the first record */
    public StdoutWriter(PrintStream out, Format format, char delimiter, boolean header) {
        super(encoder(out, format, delimiter, header), out, false);
    }

    private static RecordEncoder encoder(PrintStream out, Format format, char delimiter, boolean header) {
        try {
            return format.encoder(out, delimiter, header);
        } catch (IOException e) { // creating an encoder does no I/O; Jackson only declares it
            throw new UncheckedIOException(e);
        }
    }
}
