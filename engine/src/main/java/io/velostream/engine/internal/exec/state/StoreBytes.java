package io.velostream.engine.internal.exec.state;

import io.velostream.engine.function.aggregate.StateCodec;

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

    /** Values written by {@link #writeValues}. */
    public static Object[] readValues(DataInputStream in) throws IOException {
        Object[] values = new Object[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = StateCodec.readValue(in);
        }
        return values;
    }
}
