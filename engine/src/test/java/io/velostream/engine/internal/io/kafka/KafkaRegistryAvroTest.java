package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.job.JobMetrics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Avro in the Confluent wire format through a real registry (docs/formats.md#schema-registry). */
class KafkaRegistryAvroTest extends RegistryTestSupport {
    private static final String V1 = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"customer","type":"string"},{"name":"amount","type":"long"}]}""";
    /** V1 and a new optional field: a compatible evolution. */
    private static final String V2 = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"customer","type":"string"},{"name":"amount","type":"long"},
              {"name":"note","type":["null","string"],"default":null}]}""";

    @Test
    void aJobReadsAndWritesConfluentFramedAvro() throws Exception {
        String in = topic(1);
        String out = topic(1);
        int id = registry.register(in + "-value", "AVRO", V1);
        send(in, framed(id, V1, Map.of("customer", "a", "amount", 1L)));
        send(in, framed(id, V1, Map.of("customer", "b", "amount", 5L)));

        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM doubled AS SELECT customer, amount * 2 AS twice FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'avro', 'orders.schema.registry.url' = '%s',
                      'doubled.type' = 'kafka_sink', 'doubled.topic' = '%s',
                      'doubled.format' = 'avro', 'doubled.schema.registry.url' = '%s')"""
                .formatted(in, group(), server.url(), out, server.url()));

        assertThat(metrics.get("doubled").recordErrors()).isZero();
        List<ConsumerRecord<byte[], byte[]>> written = committed(out);
        assertThat(written).hasSize(2);
        SchemaRegistryClient.Registered sinkSchema = registry.latest(out + "-value");
        assertThat(RegistryWire.schemaId(written.get(0).value())).isEqualTo(sinkSchema.id());
        assertThat(written.stream().map(r -> read(r.value()).toString()).toList()).containsExactly(
                "{\"customer\": \"a\", \"twice\": 2}", "{\"customer\": \"b\", \"twice\": 10}");
    }

    @Test
    void recordsOfAnOlderAndANewerCompatibleSchemaAreReadWithTheSchemaOfTheStart() throws Exception {
        String in = topic(1);
        String subject = in + "-value";
        int v1 = registry.register(subject, "AVRO", V1);
        SchemaRegistryClient client = new SchemaRegistryClient(server.url());
        KafkaOptions options = new KafkaOptions(spec("orders", "kafka_source", "topic", in, "format", "avro",
                "schema.registry.url", server.url()));
        RegistryAvro.Decoder decoder = new RegistryAvro.Decoder(client, AvroFormat.parse(client.latest(subject).schema()));
        assertThat(options.sourceSubject()).isEqualTo(subject);

        // The producers move on while the source runs: a value of the newer schema is projected onto the start's.
        int v2 = registry.register(subject, "AVRO", V2);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(decoder.decode(framed(v2, V2, Map.of("customer", "c", "amount", 7L, "note", "new"))))
                .containsExactly("c", 7L);
        assertThat(decoder.decode(framed(v1, V1, Map.of("customer", "d", "amount", 8L)))).containsExactly("d", 8L);
        assertThat(decoder.schema().names()).containsExactly("customer", "amount");
    }

    @Test
    void aSourceStartedAfterTheEvolutionReadsOldRecordsWithTheNewFieldNull() throws Exception {
        String in = topic(1);
        String out = topic(1);
        int v1 = registry.register(in + "-value", "AVRO", V1);
        send(in, framed(v1, V1, Map.of("customer", "a", "amount", 1L)));
        int v2 = registry.register(in + "-value", "AVRO", V2);
        send(in, framed(v2, V2, Map.of("customer", "b", "amount", 2L, "note", "gift")));

        run("""
                CREATE STREAM notes AS SELECT customer, note FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'avro', 'orders.schema.registry.url' = '%s',
                      'notes.type' = 'kafka_sink', 'notes.topic' = '%s')""".formatted(in, group(), server.url(), out));

        assertThat(values(committed(out))).containsExactly("{\"customer\":\"a\",\"note\":null}",
                "{\"customer\":\"b\",\"note\":\"gift\"}");
    }

    @Test
    void anUnknownSchemaIdOrAnUnframedValueIsARecordErrorInTheDeadLetterTopic() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String dlq = topic(1);
        int id = registry.register(in + "-value", "AVRO", V1);
        send(in, framed(id, V1, Map.of("customer", "a", "amount", 1L)));
        send(in, framed(987_654, V1, Map.of("customer", "x", "amount", 1L)));
        send(in, null, "{\"customer\":\"json\"}");
        send(in, framed(id, V1, Map.of("customer", "b", "amount", 2L)));

        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM copy AS SELECT customer, amount FROM orders
                WITH ('failure_strategy' = 'SendToDLQ', 'dlq.topic' = '%s',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'avro', 'orders.schema.registry.url' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(dlq, in, group(), server.url(), out));

        assertThat(metrics.get("copy").recordErrors()).isEqualTo(2);
        assertThat(values(committed(out))).containsExactly("{\"customer\":\"a\",\"amount\":1}", "{\"customer\":\"b\",\"amount\":2}");
        List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq);
        assertThat(dead).hasSize(2);
        assertThat(KafkaJobTest.header(dead.get(0), DeadLetterQueue.ERROR)).contains("schema id 987654 is not in the registry");
        assertThat(KafkaJobTest.header(dead.get(1), DeadLetterQueue.ERROR)).contains("magic byte 123, expected 0");
    }

    /** A value in the Confluent wire format, as a producer with the registry's serializer writes it. */
    private static byte[] framed(int id, String schemaText, Map<String, Object> fields) throws Exception {
        Schema schema = new Schema.Parser().parse(schemaText);
        GenericData.Record record = new GenericData.Record(schema);
        fields.forEach(record::put);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(RegistryWire.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    /** Decodes a framed value with the writer schema fetched from the registry by its id. */
    private static GenericRecord read(byte[] value) {
        try {
            Schema writer = new Schema.Parser().parse(registry.byId(RegistryWire.schemaId(value)).schema());
            return new GenericDatumReader<GenericRecord>(writer).read(null,
                    DecoderFactory.get().binaryDecoder(value, RegistryWire.HEADER, value.length - RegistryWire.HEADER, null));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
