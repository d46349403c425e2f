package io.velostream.engine.internal.io.format;

import io.velostream.engine.io.DataWriter;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A writer that encodes each record onto a stream: the file sink and stdout. */
public class EncodingWriter implements DataWriter {
    private final RecordEncoder encoder;
    private final OutputStream out;
    private final boolean ownsStream;

    /** @param ownsStream true to close {@code out} on close (a file), false to leave it open (stdout) */
    public EncodingWriter(RecordEncoder encoder, OutputStream out, boolean ownsStream) {
        this.encoder = encoder;
        this.out = out;
        this.ownsStream = ownsStream;
    }

    @Override
    public void write(List<StreamRecord> batch) throws IOException {
        for (int i = 0, n = batch.size(); i < n; i++) {
            encoder.encode(batch.get(i));
        }
    }

    /** Hands everything written to the operating system (not fsync: durable against a process crash). */
    @Override
    public void flush() throws IOException {
        encoder.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            encoder.flush();
        } finally {
            if (ownsStream) {
                out.close();
            }
        }
    }
}
