package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.internal.io.format.Json;
import io.velostream.engine.internal.io.format.JsonEncoder;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON values with a JSON Schema in the registry ({@code json_sr}, docs/formats.md#schema-registry): the framing,
 * then the JSON text. The source checks that each value's schema id is a registered JSON Schema and reads the JSON
 * by name into an open schema, as the {@code json} format does; it does not validate values against the schema.
 */
final class RegistryJson {
    private RegistryJson() {
    }

    static final class Decoder implements ValueDecoder {
        private final ValueDecoders.JsonValues json = new ValueDecoders.JsonValues();
        private final RegistryWire.WriterSchemas<Boolean> schemas;

        Decoder(SchemaRegistryClient registry) {
            this.schemas = new RegistryWire.WriterSchemas<>(registry, "JSON", writer -> Boolean.TRUE);
        }

        @Override
        public Schema schema() {
            return json.schema();
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            if (value == null) {
                return NO_VALUES;
            }
            schemas.of(value);
            return json.decode(value, RegistryWire.HEADER);
        }

        @Override
        public void decodeOnly(int slots) {
            json.decodeOnly(slots);
        }
    }

    /** Encodes as the {@code json} format does, after the id of a JSON Schema derived from the records. */
    static final class Encoder extends RegistryWire.RegisteringEncoder<String> {
        private final String title;
        private final ValueEncoders.Buffer buffer;
        private final JsonEncoder json;
        private byte[] header;

        /** @param title the derived schema's title: its subject under RecordNameStrategy */
        Encoder(SchemaRegistryClient registry, String topicSubject, boolean recordNameStrategy, String title,
                ValueEncoders.Buffer buffer) throws IOException {
            super(registry, topicSubject, recordNameStrategy, "JSON", null);
            this.title = title;
            this.buffer = buffer;
            this.json = new JsonEncoder(buffer);
        }

        @Override
        String derive(Schema sql) {
            return RegistryJson.derive(title, sql);
        }

        @Override
        String recordName(String schema) {
            return title;
        }

        @Override
        String text(String schema) {
            return schema;
        }

        @Override
        void prepare(String schema, byte[] header) {
            this.header = header;
        }

        @Override
        byte[] write(StreamRecord r) throws IOException {
            buffer.reset();
            buffer.write(header);
            json.encode(r);
            json.flush();
            return buffer.takeValue();
        }
    }

    /**
     * A JSON Schema (draft-07) for records of a SQL schema: an object whose properties are the columns, each also
     * allowing null. BOOLEAN → boolean, INTEGER → integer, FLOAT and DECIMAL → number, TIMESTAMP → string
     * (date-time), DATE → string (date), ARRAY → array, MAP and STRUCT → object, STRING and INTERVAL → string,
     * a column of unknown type → any value.
     */
    static String derive(String title, Schema sql) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("$schema", "http://json-schema.org/draft-07/schema#");
            g.writeStringField("title", title);
            g.writeStringField("type", "object");
            g.writeObjectFieldStart("properties");
            for (int i = 0; i < sql.size(); i++) {
                g.writeObjectFieldStart(sql.name(i));
                String type = switch (sql.type(i)) {
                    case BOOLEAN -> "boolean";
                    case INTEGER -> "integer";
                    case FLOAT, DECIMAL -> "number";
                    case STRING, TIMESTAMP, DATE, INTERVAL -> "string";
                    case ARRAY -> "array";
                    case MAP, STRUCT -> "object";
                    case NULL, ANY -> null;
                };
                if (type != null) {
                    g.writeArrayFieldStart("type");
                    g.writeString(type);
                    g.writeString("null");
                    g.writeEndArray();
                }
                switch (sql.type(i)) {
                    case TIMESTAMP -> g.writeStringField("format", "date-time");
                    case DATE -> g.writeStringField("format", "date");
                    default -> { }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) { // a StringWriter does no I/O
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
