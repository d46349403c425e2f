package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.StreamRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Avro values in the Confluent wire format (docs/formats.md#schema-registry): magic byte 0, the
 * writer schema's registry id as a 4-byte big-endian int, then the Avro binary datum.
 */
final class RegistryAvro {
    static final byte MAGIC = 0;
    static final int HEADER = 5;

    private RegistryAvro() {
    }

    /** The schema id of a framed value; a value that is not framed is a record error. */
    static int schemaId(byte[] value) throws DecodeException {
        if (value.length < HEADER) {
            throw new DecodeException("not a schema-registry value: " + value.length + " bytes, fewer than the 5-byte header");
        }
        if (value[0] != MAGIC) {
            throw new DecodeException("not a schema-registry value: magic byte " + value[0] + ", expected 0");
        }
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }

    static byte[] header(int id) {
        return new byte[] {MAGIC, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    /**
     * Decodes into the SQL schema of the subject's latest schema when the source started; a value
     * written with another registered schema is resolved onto it by Avro's schema resolution, so a
     * compatible new field is skipped and a field the writer lacks takes its default.
     */
    static final class Decoder implements ValueDecoder {
        private final SchemaRegistryClient registry;
        private final Schema readerSchema;
        private final AvroFormat.Decoder avro;
        /** Readers by writer schema id; bounded like the registry client's cache. */
        private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
        private int lastId = -1;
        private GenericDatumReader<GenericRecord> last;

        Decoder(SchemaRegistryClient registry, Schema readerSchema) {
            this.registry = registry;
            this.readerSchema = readerSchema;
            this.avro = new AvroFormat.Decoder(readerSchema);
        }

        @Override
        public io.velostream.engine.record.Schema schema() {
            return avro.schema();
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            if (value == null) {
                return NO_VALUES;
            }
            int id = schemaId(value);
            if (id != lastId) {
                last = readerFor(id);
                lastId = id;
            }
            return avro.decode(value, HEADER, last);
        }

        private GenericDatumReader<GenericRecord> readerFor(int id) throws DecodeException {
            GenericDatumReader<GenericRecord> reader = readers.get(id);
            if (reader != null) {
                return reader;
            }
            SchemaRegistryClient.Registered writer;
            try {
                writer = registry.byId(id);
            } catch (SchemaRegistryClient.NotFound e) {
                throw new DecodeException("schema id " + id + " is not in the registry at " + registry.url());
            } catch (IOException e) { // an outage stops the job rather than dead-lettering every record
                throw SchemaRegistryClient.unchecked(e);
            }
            if (!"AVRO".equals(writer.schemaType())) {
                throw new DecodeException("schema id " + id + " is a " + writer.schemaType() + " schema, not Avro");
            }
            try {
                reader = new GenericDatumReader<>(new Schema.Parser().parse(writer.schema()), readerSchema);
            } catch (RuntimeException e) {
                throw new DecodeException("schema id " + id + " is not a valid Avro schema: " + e.getMessage());
            }
            if (readers.size() >= SchemaRegistryClient.CACHE_SIZE) {
                readers.clear();
            }
            readers.put(id, reader);
            return reader;
        }
    }

    /**
     * Encodes with a schema registered under the sink's subject: the given Avro schema, or one derived
     * from the records' SQL schema, registered again (a compatible new version) when that schema grows.
     */
    static final class Encoder implements ValueEncoder {
        private final SchemaRegistryClient registry;
        private final String topicSubject;
        private final boolean recordNameStrategy;
        private final String recordName;
        private final Schema given;
        private final ValueEncoders.Buffer buffer;
        private io.velostream.engine.record.Schema encodedFor;
        private int encodedSize;
        private Schema current;
        private AvroFormat.Encoder avro;

        /**
         * @param given the sink's Avro schema, or null to derive one named {@code recordName}
         * @param recordNameStrategy subject = the record's full name instead of {@code topicSubject}
         */
        Encoder(SchemaRegistryClient registry, String topicSubject, boolean recordNameStrategy, String recordName,
                Schema given, ValueEncoders.Buffer buffer) throws IOException {
            this.registry = registry;
            this.topicSubject = topicSubject;
            this.recordNameStrategy = recordNameStrategy;
            this.recordName = recordName;
            this.given = given;
            this.buffer = buffer;
            if (given != null) {
                use(given);
            }
        }

        @Override
        public byte[] encode(StreamRecord r) throws IOException {
            io.velostream.engine.record.Schema s = r.schema();
            if (given == null && (s != encodedFor || s.size() != encodedSize)) {
                Schema derived = AvroFormat.derive(recordName, s);
                if (!derived.equals(current)) {
                    use(derived);
                }
                encodedFor = s;
                encodedSize = s.size();
            }
            return avro.encode(r);
        }

        private void use(Schema schema) throws IOException {
            String subject = recordNameStrategy ? schema.getFullName() : topicSubject;
            int id = registry.register(subject, "AVRO", schema.toString());
            avro = new AvroFormat.Encoder(schema, buffer, header(id));
            current = schema;
        }
    }
}
