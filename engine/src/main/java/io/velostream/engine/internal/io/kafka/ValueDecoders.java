package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.internal.io.file.JsonSources;
import io.velostream.engine.internal.io.format.CsvDecoder;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.internal.io.format.Json;
import io.velostream.engine.internal.io.format.JsonDecoder;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** The value decoders of the text formats; Avro's is {@link AvroFormat.Decoder}. */
final class ValueDecoders {
    private ValueDecoders() {
    }

    /** One JSON object per value, into an open schema (docs/kafka.md#formats). */
    static final class JsonValues implements ValueDecoder {
        private final JsonDecoder decoder = new JsonDecoder(Schema.open());

        @Override
        public Schema schema() {
            return decoder.schema();
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            return value == null ? NO_VALUES : decode(value, 0);
        }

        @Override
        public void decodeOnly(int slots) {
            decoder.decodeOnly(slots);
        }

        /** The JSON object from {@code offset} to the end of {@code value}. */
        Object[] decode(byte[] value, int offset) throws DecodeException {
            try (JsonParser p = Json.FACTORY.createParser(value, offset, value.length - offset)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    throw new DecodeException("expected a JSON object but found " + JsonSources.describe(first));
                }
                Object[] values = decoder.decodeObject(p);
                if (p.nextToken() != null) {
                    throw new DecodeException("unexpected content after the JSON object at column "
                            + p.currentTokenLocation().getColumnNr());
                }
                return values;
            } catch (JsonProcessingException e) {
                throw new DecodeException(JsonSources.malformed(e));
            } catch (IOException e) { // a byte array source does no I/O
                throw new DecodeException("cannot read JSON: " + e.getMessage());
            }
        }
    }

    /**
     * One CSV record per value, typed by inference (docs/kafka.md#formats). With {@code columns} the schema is closed
     * and a value of another width is an error; without, columns are {@code column1…n} of an open
     * schema, found by name so names a query added first keep their slots.
     */
    static final class CsvValues implements ValueDecoder {
        private final CsvDecoder csv;
        private final Schema schema;
        private final boolean fixedWidth;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private CharBuffer chars = CharBuffer.allocate(256);
        /** Slot of column i+1 in the open schema, -1 until looked up. */
        private int[] slots = new int[0];

        CsvValues(char delimiter, List<String> columns) {
            this.csv = new CsvDecoder(delimiter);
            this.fixedWidth = columns != null;
            if (fixedWidth) {
                this.schema = Schema.of(columns.toArray(String[]::new));
                if (schema.size() != columns.size()) {
                    throw new IllegalArgumentException("duplicate names in 'columns': " + columns);
                }
            } else {
                this.schema = Schema.open();
            }
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            if (value == null) {
                return NO_VALUES;
            }
            int length = toChars(value);
            while (length > 0 && (chars.get(length - 1) == '\n' || chars.get(length - 1) == '\r')) {
                length--;
            }
            int n = csv.split(chars.array(), length, true);
            if (n < 0) {
                throw new DecodeException("unterminated quoted field");
            }
            if (fixedWidth) {
                if (n != schema.size()) {
                    throw new DecodeException("expected " + schema.size() + " fields but found " + n);
                }
                return csv.values(n);
            }
            Object[] fields = csv.values(n);
            int width = 0;
            boolean inOrder = true;
            for (int i = 0; i < n; i++) {
                int slot = slot(i);
                width = Math.max(width, slot + 1);
                inOrder &= slot == i;
            }
            if (inOrder) { // the usual case: no query named a column before the first value came
                return fields;
            }
            Object[] values = new Object[width];
            for (int i = 0; i < n; i++) {
                values[slots[i]] = fields[i];
            }
            return values;
        }

        private int slot(int column) {
            if (column >= slots.length) {
                int known = slots.length;
                slots = Arrays.copyOf(slots, Math.max(column + 1, known * 2));
                Arrays.fill(slots, known, slots.length, -1);
            }
            if (slots[column] < 0) {
                slots[column] = schema.add("column" + (column + 1), SqlType.ANY);
            }
            return slots[column];
        }

        /** Decodes UTF-8 into the reused char buffer; returns the number of chars. */
        private int toChars(byte[] value) {
            if (chars.capacity() < value.length) { // UTF-8 never has fewer bytes than UTF-16 chars
                chars = CharBuffer.allocate(Math.max(value.length, chars.capacity() * 2));
            }
            chars.clear();
            utf8.reset();
            utf8.decode(ByteBuffer.wrap(value), chars, true);
            utf8.flush(chars);
            return chars.position();
        }
    }

    /** The whole value in one column {@code value}: UTF-8 text ({@code string}) or Base64 ({@code bytes}). */
    static final class SingleColumn implements ValueDecoder {
        private final Schema schema = Schema.of(List.of("value"), List.of(SqlType.STRING));
        private final boolean base64;

        SingleColumn(boolean base64) {
            this.base64 = base64;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public Object[] decode(byte[] value) {
            if (value == null) {
                return NO_VALUES;
            }
            return new Object[] {base64 ? Base64.getEncoder().encodeToString(value) : new String(value, StandardCharsets.UTF_8)};
        }
    }
}
