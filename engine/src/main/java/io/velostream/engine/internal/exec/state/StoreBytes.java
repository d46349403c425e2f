package io.velostream.engine.internal.exec.state;

import io.velostream.engine.function.aggregate.StateCodec;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes of store keys and values, for {@link StoreCodec}s: one reused buffer per codec, and
 * SQL values in the encoding of aggregate state ({@link StateCodec#writeValue}), which keeps every
 * value type exactly (a DECIMAL's scale, a TIMESTAMP's type).
 */
public final class StoreBytes {
    /** Writes to a {@link DataOutputStream}; thrown {@link IOException}s cannot happen in memory. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads from a {@link DataInputStream}. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(buffer);

    /** What {@code writer} writes, as a new array. */
    public byte[] bytes(Writer writer) {
        buffer.reset();
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** What {@code reader} reads from {@code bytes}. */
    public static <T> T read(byte[] bytes, Reader<T> reader) {
        try {
            return reader.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("a state store record cannot be read: " + e.getMessage(), e);
        }
    }

    /** SQL values: their count, then each in the aggregate-state encoding. */
    public static void writeValues(DataOutputStream out, Object[] values) throws IOException {
        out.writeInt(values.length);
        for (Object v : values) {
            StateCodec.writeValue(out, v);
        }
    }

    /** Headers: their count, then each name and value (a header without a value is kept as such). */
    public static void writeHeaders(DataOutputStream out, Headers headers) throws IOException {
        out.writeInt(headers.size());
        IOException[] failed = {null};
        headers.forEach((k, v) -> {
            try {
                out.writeUTF(k);
                out.writeBoolean(v != null);
                if (v != null) {
                    out.writeUTF(v);
                }
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** Headers written by {@link #writeHeaders}. */
    public static Headers readHeaders(DataInputStream in) throws IOException {
        Headers h = Headers.EMPTY;
        for (int i = in.readInt(); i > 0; i--) {
            String k = in.readUTF();
            h = h.with(k, in.readBoolean() ? in.readUTF() : null);
        }
        return h;
    }

    /**
     * A record held in state (a join's buffered row): its first {@code width} values, key, times,
     * source position and headers.
     */
    public static void writeRecord(DataOutputStream out, StreamRecord r, int width) throws IOException {
        out.writeInt(width);
        for (int i = 0; i < width; i++) {
            StateCodec.writeValue(out, r.value(i));
        }
        StateCodec.writeValue(out, r.key());
        out.writeLong(r.timestamp());
        out.writeLong(r.eventTime());
        out.writeBoolean(r.topic() != null);
        if (r.topic() != null) {
            out.writeUTF(r.topic());
        }
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        writeHeaders(out, r.headers());
    }

    /** A record written by {@link #writeRecord}, with {@code schema}. */
    public static StreamRecord readRecord(DataInputStream in, Schema schema) throws IOException {
        Object[] values = readValues(in);
        Object key = StateCodec.readValue(in);
        long timestamp = in.readLong();
        long eventTime = in.readLong();
        String topic = in.readBoolean() ? in.readUTF() : null;
        int partition = in.readInt();
        long offset = in.readLong();
        return new StreamRecord(schema, values, key, timestamp, eventTime, topic, partition, offset, readHeaders(in));
    }

    /** Values written by {@link #writeValues}. */
    public static Object[] readValues(DataInputStream in) throws IOException {
        Object[] values = new Object[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = StateCodec.readValue(in);
        }
        return values;
    }
}
