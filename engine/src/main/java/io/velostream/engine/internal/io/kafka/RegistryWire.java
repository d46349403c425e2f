package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the registry formats share (docs/formats.md#schema-registry): the Confluent framing (magic byte 0, the
 * writer schema's registry id as a 4-byte big-endian int, then the payload), the writer schemas a source looks
 * up by id, and a sink's registration under its subject.
 */
final class RegistryWire {
    static final byte MAGIC = 0;
    static final int HEADER = 5;

    private RegistryWire() {
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

    /** Turns a registered writer schema into what a decoder reads with; a schema it cannot use is a record error. */
    interface Parser<T> {
        T parse(SchemaRegistryClient.Registered writer) throws DecodeException;
    }

    /**
     * A source's writer schemas by id, parsed once: the registry client caches the text, this the parsed form,
     * and the id of the previous value is checked first (a topic's values mostly share one id). An id the registry
     * does not know, a schema of another type and a registry that cannot be reached are record errors; the next
     * value asks again, so nothing is remembered of a failure.
     */
    static final class WriterSchemas<T> {
        private final SchemaRegistryClient registry;
        private final String schemaType;
        private final Parser<T> parser;
        private final Map<Integer, T> parsed = new HashMap<>();
        private int lastId = -1;
        private T last;

        /** @param schemaType the registry's schemaType this format reads: AVRO, PROTOBUF or JSON */
        WriterSchemas(SchemaRegistryClient registry, String schemaType, Parser<T> parser) {
            this.registry = registry;
            this.schemaType = schemaType;
            this.parser = parser;
        }

        /** The parsed writer schema of a framed value. */
        T of(byte[] value) throws DecodeException {
            int id = schemaId(value);
            if (id != lastId) {
                last = byId(id);
                lastId = id;
            }
            return last;
        }

        private T byId(int id) throws DecodeException {
            T t = parsed.get(id);
            if (t != null) {
                return t;
            }
            SchemaRegistryClient.Registered writer;
            try {
                writer = registry.byId(id);
            } catch (SchemaRegistryClient.NotFound e) {
                throw new DecodeException("schema id " + id + " is not in the registry at " + registry.url());
            } catch (IOException e) {
                throw new DecodeException("schema id " + id + " cannot be looked up: " + e.getMessage());
            }
            if (!schemaType.equals(writer.schemaType())) {
                throw new DecodeException("schema id " + id + " is a " + writer.schemaType() + " schema, not " + schemaType);
            }
            t = parser.parse(writer);
            if (parsed.size() >= SchemaRegistryClient.CACHE_SIZE) {
                parsed.clear();
            }
            parsed.put(id, t);
            return t;
        }
    }

    /**
     * A sink's encoder over a schema registered under its subject: the given schema, or one derived from the
     * records' SQL schema, registered again (a compatible new version) when that schema grows.
     *
     * @param <S> the format's schema
     */
    abstract static class RegisteringEncoder<S> implements ValueEncoder {
        private final SchemaRegistryClient registry;
        private final String topicSubject;
        private final boolean recordNameStrategy;
        private final String schemaType;
        private final boolean given;
        private io.velostream.engine.record.Schema encodedFor;
        private int encodedSize;
        private S current;

        /**
         * @param recordNameStrategy subject = the schema's record name instead of {@code topicSubject}
         * @param given the sink's schema, or null to derive one from the records
         */
        RegisteringEncoder(SchemaRegistryClient registry, String topicSubject, boolean recordNameStrategy,
                String schemaType, S given) {
            this.registry = registry;
            this.topicSubject = topicSubject;
            this.recordNameStrategy = recordNameStrategy;
            this.schemaType = schemaType;
            this.given = given != null;
            this.current = given;
        }

        /** Registers the given schema, when there is one, before the first record. */
        final void start() throws IOException {
            if (given) {
                use(current);
            }
        }

        @Override
        public final byte[] encode(StreamRecord r) throws IOException {
            io.velostream.engine.record.Schema s = r.schema();
            if (!given && (s != encodedFor || s.size() != encodedSize)) {
                S derived = derive(s);
                if (!derived.equals(current)) {
                    use(derived);
                }
                encodedFor = s;
                encodedSize = s.size();
            }
            return write(r);
        }

        private void use(S schema) throws IOException {
            String subject = recordNameStrategy ? recordName(schema) : topicSubject;
            int id = registry.register(subject, schemaType, text(schema));
            current = schema;
            prepare(schema, header(id));
        }

        /** The schema for records of this SQL schema; an IOException when the format cannot hold them. */
        abstract S derive(io.velostream.engine.record.Schema sql) throws IOException;

        /** The subject under RecordNameStrategy: the record's fully qualified name. */
        abstract String recordName(S schema);

        /** The schema text the registry stores. */
        abstract String text(S schema);

        /** Writes the following records with this schema, each value starting with {@code header}. */
        abstract void prepare(S schema, byte[] header) throws IOException;

        abstract byte[] write(StreamRecord r) throws IOException;
    }
}
