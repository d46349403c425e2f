package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.RecordEncoder;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** The value encoders of the text formats; Avro's is {@link AvroFormat.Encoder}. */
final class ValueEncoders {
    private ValueEncoders() {
    }

    /** A reused output buffer: each value is encoded into it, then copied out at its exact length. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1024);
        }

        /** The bytes written since the last reset, all of them (a binary value), then resets. */
        byte[] take() {
            byte[] value = toByteArray();
            reset();
            return value;
        }

        /** The bytes written since the last reset, without a final newline (a line encoder's separator). */
        byte[] takeValue() {
            int n = count > 0 && buf[count - 1] == '\n' ? count - 1 : count;
            byte[] value = Arrays.copyOf(buf, n);
            reset();
            return value;
        }
    }

    /**
     * JSON or CSV through the shared {@link RecordEncoder}s of {@code io.format}, one value per
     * record: the encoder writes a line into the buffer and the value is that line.
     */
    static final class Lines implements ValueEncoder {
        private final Buffer buffer;
        private final RecordEncoder encoder;

        /** @param encoder an encoder writing to {@code buffer} */
        Lines(Buffer buffer, RecordEncoder encoder) {
            this.buffer = buffer;
            this.encoder = encoder;
        }

        @Override
        public byte[] encode(StreamRecord record) throws IOException {
            buffer.reset();
            encoder.encode(record);
            encoder.flush();
            return buffer.takeValue();
        }
    }

    /**
     * The record's first column as the whole value: its text in UTF-8 ({@code string}) or its
     * Base64 text decoded ({@code bytes}). NULL writes a tombstone.
     */
    static final class SingleColumn implements ValueEncoder {
        private final boolean base64;

        SingleColumn(boolean base64) {
            this.base64 = base64;
        }

        @Override
        public byte[] encode(StreamRecord record) throws IOException {
            Object v = record.value(0);
            if (v == null) {
                return null;
            }
            String text = Values.toDisplayString(v);
            if (!base64) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IOException("format 'bytes' needs Base64 text in the first column: " + e.getMessage(), e);
            }
        }
    }
}
