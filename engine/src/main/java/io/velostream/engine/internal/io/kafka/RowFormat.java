package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueCodec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Format {@code velostream} (docs/kafka.md#formats): Velostream's own binary rows, which round-trip
 * every SQL value exactly (DECIMAL with its scale, TIMESTAMP, DATE, NULL, arrays, maps and
 * structs), as repartition topics need (docs/scaling.md#repartition). A value is the column
 * count, then per column its name (length-prefixed UTF-8) and its value as a tag byte and payload
 * ({@link ValueCodec}). Names travel with every row, so a reader needs no schema: its schema is
 * open and a column is found by its exact name.
 */
final class RowFormat {
    private RowFormat() {
    }

    static final class Encoder implements ValueEncoder {
        private final ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
        private final DataOutputStream out = new DataOutputStream(buffer);
        /** The UTF-8 names of the last schema seen, encoded once per schema (it may grow), not per record. */
        private Schema schema;
        private byte[][] names = new byte[0][];

        @Override
        public byte[] encode(StreamRecord record) throws IOException {
            Schema s = record.schema();
            int n = s.size();
            if (s != schema || names.length != n) {
                schema = s;
                names = new byte[n][];
                for (int i = 0; i < n; i++) {
                    names[i] = s.name(i).getBytes(StandardCharsets.UTF_8);
                }
            }
            buffer.reset();
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeInt(names[i].length);
                out.write(names[i]);
                ValueCodec.writeValue(out, record.value(i));
            }
            out.flush();
            return buffer.toByteArray();
        }
    }

    static final class Decoder implements ValueDecoder {
        private final Schema schema = Schema.open();
        private final Input input = new Input();
        private final DataInputStream in = new DataInputStream(input);
        /** Per column position: the name bytes last seen there and its slot, so a repeated layout costs no lookups. */
        private byte[][] names = new byte[0][];
        private int[] slots = new int[0];
        private Object[] scratch = new Object[0];

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            if (value == null) {
                return NO_VALUES;
            }
            input.reset(value);
            try {
                int n = in.readInt();
                if (n < 0 || n > value.length) {
                    throw new DecodeException("not a velostream row: column count " + n);
                }
                if (n > names.length) {
                    names = Arrays.copyOf(names, n);
                    slots = Arrays.copyOf(slots, n);
                    scratch = new Object[n];
                }
                int width = 0;
                for (int i = 0; i < n; i++) {
                    slots[i] = slot(i, in.readInt());
                    scratch[i] = ValueCodec.readValue(in);
                    width = Math.max(width, slots[i] + 1);
                }
                Object[] values = new Object[width];
                for (int i = 0; i < n; i++) {
                    values[slots[i]] = scratch[i];
                }
                return values;
            } catch (IOException | RuntimeException e) {
                throw new DecodeException("not a velostream row: " + e.getMessage());
            }
        }

        /** The slot of the name of {@code length} bytes at the input's position, which it passes over. */
        private int slot(int column, int length) throws IOException {
            byte[] known = names[column];
            int at = input.position();
            if (length < 0 || length > input.available()) {
                throw new IOException("name length " + length);
            }
            if (known == null || !Arrays.equals(known, 0, known.length, input.buffer(), at, at + length)) {
                names[column] = Arrays.copyOfRange(input.buffer(), at, at + length);
                slots[column] = schema.add(new String(names[column], StandardCharsets.UTF_8), SqlType.ANY);
            }
            input.skip(length);
            return slots[column];
        }
    }

    /** A byte array input that can be pointed at the next value, so decoding allocates no stream per record. */
    private static final class Input extends ByteArrayInputStream {
        Input() {
            super(new byte[0]);
        }

        void reset(byte[] value) {
            buf = value;
            pos = 0;
            count = value.length;
            mark = 0;
        }

        int position() {
            return pos;
        }

        byte[] buffer() {
            return buf;
        }
    }
}
