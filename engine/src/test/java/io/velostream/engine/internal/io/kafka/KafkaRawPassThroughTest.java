package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.PassThroughSource;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;


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

    /**
     * Lazy decoding (docs/kafka.md#lazy-decoding) end to end: generated JSON values (fields in random
     * order, nested, escaped, extra fields; fixed seed) through {@code SELECT * … WHERE a > 0}. What the
     * filter keeps is written byte for byte, and every malformed value — also one whose {@code a}
     * parses and only another field is broken — is a record error in the dead-letter topic, as before.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM src WHERE a > 0", "SELECT * FROM src"})
    void generatedValuesPassAsReadAndMalformedOnesAreRecordErrors(String select) throws Exception {
        String in = topic(1);
        String out = topic(1);
        String dlq = topic(1);
        Random r = new Random(ValueDecodersFuzzTest.seed(1406L));
        ValueDecoders.JsonValues reference = new ValueDecoders.JsonValues();
        int a = reference.schema().add("a", SqlType.ANY);
        boolean filtered = select.contains("WHERE");
        List<String> expected = new ArrayList<>();
        Map<Integer, String> malformed = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String value = generated(r, i);
            producer.send(new ProducerRecord<>(in, 0, null, utf8(value)));
            try {
                Object[] values = reference.decode(utf8(value));
                if (!filtered || a < values.length && values[a] instanceof Long n && n > 0) {
                    expected.add(value);
                }
            } catch (io.velostream.engine.internal.io.format.DecodeException e) {
                malformed.put(i, value);
            }
        }
        producer.flush();

        JobMetrics metrics = run("""
                CREATE STREAM kept AS %s
                WITH ('failure_strategy' = 'SendToDLQ', 'dlq.topic' = '%s', 'batch.size' = '50',
                      'src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = '%s',
                      'kept.type' = 'kafka_sink', 'kept.topic' = '%s')""".formatted(select, dlq, in, group(), out))
                .get("kept");

        assertThat(malformed).as("the generator makes malformed values, some with a good a").hasSizeGreaterThan(40);
        assertThat(values(committed(out))).as("kept values byte for byte, in order").containsExactlyElementsOf(expected);
        assertThat(metrics.recordErrors()).isEqualTo(malformed.size());
        List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq);
        assertThat(dead).extracting(d -> Integer.parseInt(KafkaJobTest.header(d, DeadLetterQueue.OFFSET)))
                .containsExactlyInAnyOrderElementsOf(malformed.keySet());
        for (ConsumerRecord<byte[], byte[]> d : dead) {
            assertThat(new String(d.value(), StandardCharsets.UTF_8))
                    .isEqualTo(malformed.get(Integer.parseInt(KafkaJobTest.header(d, DeadLetterQueue.OFFSET))));
            assertThat(KafkaJobTest.header(d, DeadLetterQueue.ERROR)).startsWith("malformed JSON: ");
        }
    }

    /** A reader told what its job reads builds only those slots (the rest stays in the bytes). */
    @Test
    void aReaderKeepingOriginalsDecodesOnlyTheSlotsTheJobReads() throws Exception {
        String in = topic(1);
        send(in, null, "{\"b\": [1, {\"c\": \"x\"}], \"a\": 5, \"d\": \"\\u00e9\"}");
        send(in, null, "{\"a\": -2}");
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("src", "kafka_source",
                "topic", in, "bounded", "true"))) {
            int a = reader.schema().add("a", SqlType.ANY); // what planning a query that reads a does
            ((PassThroughSource) reader).keepOriginals(reader.schema().size());
            List<StreamRecord> batch = new ArrayList<>();
            while (reader.read(batch, 10)) {
                // a bounded reader ends once it has read up to the end offsets
            }
            assertThat(batch).extracting(rec -> rec.value(a)).containsExactly(5L, -2L);
            assertThat(batch).allSatisfy(rec -> assertThat(rec.width()).as("only a is built").isEqualTo(1));
            assertThat(reader.schema().slotOf("b")).as("fields seen are still known").isPositive();
        }
    }

    /** One generated JSON object with an integer {@code a} somewhere; about one in six broken somewhere. */
    private static String generated(Random r, int i) {
        List<String> fields = new ArrayList<>();
        fields.add("\"a\":" + (r.nextInt(7) - 3));
        for (int f = r.nextInt(5); f > 0; f--) {
            fields.add(ValueDecodersFuzzTest.jsonString(r.nextBoolean() ? "f" + r.nextInt(4)
                    : "x" + ValueDecodersFuzzTest.randomText(r)) + " : " + ValueDecodersFuzzTest.jsonValue(r, 1));
        }
        Collections.shuffle(fields, r);
        String value = "{" + String.join(r.nextBoolean() ? "," : " , ", fields) + "}";
        return switch (r.nextInt(12)) {
            case 0 -> value.replaceFirst("}$", ",\"bad\":\"x\\\\qy\"}"); // an unknown escape after a good a
            case 1 -> value.substring(0, value.length() - 1); // cut short
            default -> value;
        };
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(KafkaRawPassThroughTest::header).toList();
    }

    private static String header(Header h) {
        return h.key() + "=" + (h.key().equals("bin") ? Arrays.toString(h.value()) : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
