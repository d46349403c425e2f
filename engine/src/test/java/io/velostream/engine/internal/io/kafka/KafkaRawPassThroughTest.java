package io.velostream.engine.internal.io.kafka;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw pass-through on a real broker (docs/kafka.md#raw-pass-through): records a job leaves
 * unchanged are written as the bytes they were read as, records it changes are encoded again.
 * The inputs are written so that encoding them again would give other bytes.
 */
@Timeout(60)
class KafkaRawPassThroughTest extends KafkaTestSupport {
    /** Spacing, field order and number spellings the JSON encoder would not write. */
    private static final List<String> ODD_JSON = List.of(
            "{ \"b\" : \"x\",\"a\":1 }", "{\"a\":-1}", "{\"a\" :  0.50e1 ,\"c\":[1, 2]}", "{\"a\":7,\"b\":null}");
    private static final String AVRO_SCHEMA = "{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"]}]}";

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aFilterWritesTheRecordsItKeepsAsTheyWereRead(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        long base = System.currentTimeMillis();
        for (int i = 0; i < ODD_JSON.size(); i++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("h", utf8("first"));
            headers.add("h", utf8("second")); // a repeated key, which the engine's headers keep once
            headers.add("bin", new byte[] {(byte) 0xFF, 0, (byte) 0xC3}); // not UTF-8
            send(new ProducerRecord<>(in, 0, base + i, utf8("k" + i), utf8(ODD_JSON.get(i)), headers));
        }
        run("""
                CREATE STREAM kept AS SELECT * FROM src WHERE a > 0
                WITH ('mode' = '%s', 'src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true',
                      'src.group.id' = '%s', 'kept.type' = 'kafka_sink', 'kept.topic' = '%s')""".formatted(mode, in, group(), out));

        List<ConsumerRecord<byte[], byte[]>> records = committed(out);
        assertThat(values(records)).containsExactly(ODD_JSON.get(0), ODD_JSON.get(2), ODD_JSON.get(3));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertThat(headers(r)).containsExactly("h=first", "h=second", "bin=" + Arrays.toString(new byte[] {-1, 0, -61}));
            assertThat(r.key()).as("SELECT * drops the key (docs/sql.md#output-key)").isNull();
        }
        assertThat(records).extracting(ConsumerRecord::timestamp).containsExactly(base, base + 2, base + 3);
    }

    @Test
    void csvAndAvroPassThroughAsRead() throws Exception {
        String csvIn = topic(1);
        String csvOut = topic(1);
        List<String> csv = List.of("007,x,3.50", "8,\"y\",1.0", "9, z ,1e2");
        for (String v : csv) {
            send(csvIn, null, v);
        }
        String avroIn = topic(1);
        String avroOut = topic(1);
        Schema schema = new Schema.Parser().parse(AVRO_SCHEMA);
        byte[][] avro = new byte[3][];
        for (int i = 0; i < avro.length; i++) {
            GenericRecord r = new GenericData.Record(schema);
            r.put("id", (long) i);
            r.put("note", i == 1 ? null : "n" + i);
            avro[i] = KafkaSourceTest.avro(schema, r);
            send(new ProducerRecord<>(avroIn, null, avro[i]));
        }
        run("""
                CREATE STREAM csv_copy AS SELECT id, name, amount FROM csv_src
                WITH ('csv_src.type' = 'kafka_source', 'csv_src.topic' = '%s', 'csv_src.bounded' = 'true',
                      'csv_src.group.id' = '%s', 'csv_src.format' = 'csv', 'csv_src.columns' = 'id,name,amount',
                      'csv_copy.type' = 'kafka_sink', 'csv_copy.topic' = '%s', 'csv_copy.format' = 'csv',
                      'csv_copy.columns' = 'id,name,amount')""".formatted(csvIn, group(), csvOut));
        run("""
                CREATE STREAM avro_copy AS SELECT * FROM avro_src WHERE id >= 0
                WITH ('avro_src.type' = 'kafka_source', 'avro_src.topic' = '%s', 'avro_src.bounded' = 'true',
                      'avro_src.group.id' = '%s', 'avro_src.format' = 'avro', 'avro_src.avro.schema' = '%s',
                      'avro_copy.type' = 'kafka_sink', 'avro_copy.topic' = '%s', 'avro_copy.format' = 'avro',
                      'avro_copy.avro.schema' = '%s')""".formatted(avroIn, group(), AVRO_SCHEMA, avroOut, AVRO_SCHEMA));

        assertThat(values(committed(csvOut))).containsExactlyElementsOf(csv);
        assertThat(committed(avroOut)).extracting(ConsumerRecord::value).containsExactly(avro);
    }

    @Test
    void aProjectionOrAnotherFormatIsEncodedAgain() throws Exception {
        String in = topic(1);
        String projected = topic(1);
        String asCsv = topic(1);
        String csvDelimited = topic(1);
        send(in, null, "{ \"b\" : 2,\"a\":1 }");
        String csvIn = topic(1);
        send(csvIn, null, "007,x,3.50");
        run("""
                CREATE STREAM projected AS SELECT a, b FROM src
                WITH ('src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = '%s',
                      'projected.type' = 'kafka_sink', 'projected.topic' = '%s')""".formatted(in, group(), projected));
        run("""
                CREATE STREAM as_csv AS SELECT * FROM src
                WITH ('src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = '%s',
                      'as_csv.type' = 'kafka_sink', 'as_csv.topic' = '%s', 'as_csv.format' = 'csv')"""
                .formatted(in, group(), asCsv));
        run("""
                CREATE STREAM semicolons AS SELECT * FROM csv_src
                WITH ('csv_src.type' = 'kafka_source', 'csv_src.topic' = '%s', 'csv_src.bounded' = 'true',
                      'csv_src.group.id' = '%s', 'csv_src.format' = 'csv',
                      'semicolons.type' = 'kafka_sink', 'semicolons.topic' = '%s', 'semicolons.format' = 'csv',
                      'semicolons.delimiter' = ';')""".formatted(csvIn, group(), csvDelimited));

        assertThat(values(committed(projected))).containsExactly("{\"a\":1,\"b\":2}");
        assertThat(values(committed(asCsv))).containsExactly("2,1");
        assertThat(values(committed(csvDelimited))).containsExactly("7;x;3.50");
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(KafkaRawPassThroughTest::header).toList();
    }

    private static String header(Header h) {
        return h.key() + "=" + (h.key().equals("bin") ? Arrays.toString(h.value()) : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
