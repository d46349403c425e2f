package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.StreamRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;

/** Avro values in the Confluent wire format (docs/formats.md#schema-registry): the framing, then the Avro binary datum. */
final class RegistryAvro {
    private RegistryAvro() {
    }

    /**
     * Decodes into the SQL schema of the subject's latest schema when the source started; a value
     * written with another registered schema is resolved onto it by Avro's schema resolution, so a
     * compatible new field is skipped and a field the writer lacks takes its default.
     */
    static final class Decoder implements ValueDecoder {
        private final AvroFormat.Decoder avro;
        private final RegistryWire.WriterSchemas<GenericDatumReader<GenericRecord>> readers;

        Decoder(SchemaRegistryClient registry, Schema readerSchema) {
            this.avro = new AvroFormat.Decoder(readerSchema);
            this.readers = new RegistryWire.WriterSchemas<>(registry, "AVRO", writer -> {
                try {
                    return new GenericDatumReader<>(new Schema.Parser().parse(writer.schema()), readerSchema);
                } catch (RuntimeException e) {
                    throw new DecodeException("schema id " + writer.id() + " is not a valid Avro schema: " + e.getMessage());
                }
            });
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
            return avro.decode(value, RegistryWire.HEADER, readers.of(value));
        }
    }

    /** Encodes with an Avro schema registered under the sink's subject, the given one or one derived named {@code recordName}. */
    static final class Encoder extends RegistryWire.RegisteringEncoder<Schema> {
        private final String recordName;
        private final ValueEncoders.Buffer buffer;
        private AvroFormat.Encoder avro;

        Encoder(SchemaRegistryClient registry, String topicSubject, boolean recordNameStrategy, String recordName,
                Schema given, ValueEncoders.Buffer buffer) throws IOException {
            super(registry, topicSubject, recordNameStrategy, "AVRO", given);
            this.recordName = recordName;
            this.buffer = buffer;
            start();
        }

        @Override
        Schema derive(io.velostream.engine.record.Schema sql) {
            return AvroFormat.derive(recordName, sql);
        }

        @Override
        String recordName(Schema schema) {
            return schema.getFullName();
        }

        @Override
        String text(Schema schema) {
            return schema.toString();
        }

        @Override
        void prepare(Schema schema, byte[] header) {
            avro = new AvroFormat.Encoder(schema, buffer, header);
        }

        @Override
        byte[] write(StreamRecord r) throws IOException {
            return avro.encode(r);
        }
    }
}
