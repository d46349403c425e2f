package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * When a Kafka sink may write a record as it was read from a source instead of encoding it again
 * (docs/kafka.md#raw-pass-through): decided once per job from the endpoints' options, so the
 * writer only checks, per record, whether the record still has its original parts.
 */
final class RawPassThrough {
    private RawPassThrough() {
    }

    /**
     * Null when the bytes of a record read by {@code source} mean in {@code sink}'s format what
     * encoding the record would write; else why not. An option that does not parse here is not
     * compatible (opening the endpoint reports it).
     */
    static String incompatibility(EndpointSpec source, EndpointSpec sink) {
        if (!KafkaSourceConnector.TYPE.equals(source.type())) {
            return "'" + source.name() + "' is a " + source.type() + ", not a " + KafkaSourceConnector.TYPE;
        }
        try {
            KafkaOptions in = new KafkaOptions(source);
            KafkaOptions out = new KafkaOptions(sink);
            KafkaFormat format = in.format();
            if (format != out.format()) {
                return "format " + format.optionName() + " is written as " + out.format().optionName();
            }
            return switch (format) {
                case JSON, STRING, BYTES, VELOSTREAM -> null; // no options change how a value reads
                case CSV -> EndpointOptions.delimiter(source) != EndpointOptions.delimiter(sink)
                        ? "the csv delimiters differ"
                        : Objects.equals(in.csvColumns(), out.csvColumns()) ? null : "the csv columns differ";
                case AVRO -> in.usesRegistry() || out.usesRegistry() ? registry(in, out, out.avroSchemaIfGiven() != null)
                        : in.avroSchema().equals(out.avroSchema()) ? null : "the avro schemas differ";
                case PROTOBUF -> registry(in, out, out.protobufSchemaIfGiven() != null);
                case JSON_SR -> registry(in, out, false);
            };
        } catch (IOException | RuntimeException e) {
            return "cannot compare the options: " + e.getMessage();
        }
    }

    /**
     * A registry format: the schema id a value starts with must be one the sink would write, so the
     * same registry and subject and no schema of the sink's own (docs/formats.md#schema-registry).
     */
    private static String registry(KafkaOptions in, KafkaOptions out, boolean sinkGivesSchema) {
        if (in.usesRegistry() != out.usesRegistry()) {
            return "only one side uses a schema registry";
        }
        if (!in.registryUrl().equals(out.registryUrl())) {
            return "the schema registries differ";
        }
        if (out.recordNameStrategy() || sinkGivesSchema) {
            return "the sink registers a schema of its own";
        }
        return in.sourceSubject().equals(out.topic() + "-value") ? null : "the subjects differ";
    }

    /** The consumer record {@code record} was read from while {@code part} is unchanged, else null. */
    @SuppressWarnings("unchecked")
    static ConsumerRecord<byte[], byte[]> original(StreamRecord record, int part) {
        return record.origin(part) instanceof ConsumerRecord<?, ?> c ? (ConsumerRecord<byte[], byte[]>) c : null;
    }

    /** A value encoder that writes a record's original value when it has one, else encodes it. */
    static ValueEncoder originalValues(ValueEncoder encoder) {
        return record -> {
            ConsumerRecord<byte[], byte[]> c = original(record, StreamRecord.ORIGINAL_VALUE);
            return c != null ? c.value() : encoder.encode(record);
        };
    }

    /** Null when every source is compatible with {@code sink}, else the first reason why not. */
    static String incompatibility(List<EndpointSpec> sources, EndpointSpec sink) {
        for (EndpointSpec source : sources) {
            String why = incompatibility(source, sink);
            if (why != null) {
                return why;
            }
        }
        return sources.isEmpty() ? "no sources" : null;
    }
}
