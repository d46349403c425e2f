package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ChangelogReader;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSourceTest extends KafkaTestSupport {
    private static final String AVRO_SCHEMA = """
            {"type":"record","name":"Order","fields":[
              {"name":"id","type":"long"},
              {"name":"qty","type":"int"},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
              {"name":"item","type":["null","string"]},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"ratio","type":"float"},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"attrs","type":{"type":"map","values":"long"}},
              {"name":"ok","type":"boolean"}
            ]}""";

    @Test
    void jsonValuesWithKeysHeadersAndTimestamps() throws Exception {
        String topic = topic(1);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", utf8("00-abc-01"));
        headers.add("source", utf8("web"));
        send(new ProducerRecord<>(topic, 0, 1_700_000_000_000L, utf8("k1"), utf8("{\"id\":1,\"amount\":2.50,\"item\":\"Widget\"}"), headers));
        send(new ProducerRecord<>(topic, 0, 1_700_000_000_500L, null, utf8("{\"id\":2,\"extra\":1e3}"), null));

        try (DataReader reader = new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "topic", topic, "bounded", "true"))) {
            assertThat(reader.isBounded()).isTrue();
            List<StreamRecord> records = readToEnd(reader);

            assertThat(records).hasSize(2);
            StreamRecord first = records.get(0);
            assertThat(first.get("id")).isEqualTo(1L);
            assertThat(first.get("amount")).isEqualTo(Decimal.of(250, 2));
            assertThat(((Decimal) first.get("amount")).scale()).isEqualTo(2);
            assertThat(first.get("item")).isEqualTo("Widget");
            assertThat(first.key()).isEqualTo("k1");
            assertThat(first.headers()).isEqualTo(Headers.of("traceparent", "00-abc-01", "source", "web"));
            assertThat(first.timestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(first.eventTime()).isEqualTo(1_700_000_000_000L);
            assertThat(first.position()).hasToString(topic + "-0@0");

            StreamRecord second = records.get(1);
            assertThat(second.key()).isNull();
            assertThat(second.headers().isEmpty()).isTrue();
            assertThat(second.get("extra")).isEqualTo(1000.0);
            assertThat(second.get("item")).isNull();
            assertThat(second.offset()).isEqualTo(1L);
            assertThat(reader.schema().names()).containsExactly("id", "amount", "item", "extra");
        }
    }

    @Test
    void csvValuesWithAndWithoutColumns() throws Exception {
        String topic = topic(1);
        send(topic, null, "1,\"Widget, large\",449.98");
        send(topic, null, "2,Gadget,\n");

        try (DataReader named = new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "topic", topic, "bounded", "true", "format", "csv", "columns", "id, item, amount"))) {
            List<StreamRecord> records = readToEnd(named);
            assertThat(named.schema().names()).containsExactly("id", "item", "amount");
            assertThat(records.get(0).get("item")).isEqualTo("Widget, large");
            assertThat(records.get(0).get("amount")).isEqualTo(Decimal.of(44998, 2));
            assertThat(records.get(1).get("amount")).isNull();
        }
        try (DataReader positional = new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "topic", topic, "bounded", "true", "format", "CSV", "group.id", "positional"))) {
            // A query resolving a column first must not shift the positions.
            int column2 = positional.schema().add("column2", SqlType.ANY);
            positional.schema().add("other", SqlType.ANY);
            List<StreamRecord> records = readToEnd(positional);
            assertThat(records.get(0).value(column2)).isEqualTo("Widget, large");
            assertThat(records.get(0).get("column1")).isEqualTo(1L);
            assertThat(records.get(0).get("column3")).isEqualTo(Decimal.of(44998, 2));
            assertThat(records.get(0).get("other")).isNull();
        }
    }

    @Test
    void csvRecordOfTheWrongWidthIsARecordError() throws Exception {
        String topic = topic(1);
        send(topic, null, "1,a");
        send(topic, null, "2,b,extra");
        send(topic, null, "3,c");
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "topic", topic, "bounded", "true", "format", "csv", "columns", "id,name"))) {
            assertThat(readToEnd(reader)).extracting(r -> r.get("id")).containsExactly(1L, 3L);
        }
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.position()).hasToString(topic + "-0@1");
            assertThat(e.message()).isEqualTo("expected 2 fields but found 3");
            assertThat(e.raw()).isEqualTo("2,b,extra");
        });
    }

    @Test
    void stringAndBytesValuesAreOneColumnAndTombstonesReadAsNull() throws Exception {
        String topic = topic(1);
        send(topic, "a", "héllo, world");
        send(new ProducerRecord<>(topic, utf8("b"), new byte[] {0, (byte) 0xFF, 7}));
        send(topic, "c", null);

        try (DataReader text = new KafkaSourceConnector().openReader(spec("raw", "kafka_source",
                "topic", topic, "bounded", "true", "format", "string"))) {
            List<StreamRecord> records = readToEnd(text);
            assertThat(text.schema().names()).containsExactly("value");
            assertThat(text.schema().type(0)).isEqualTo(SqlType.STRING);
            assertThat(records.get(0).get("value")).isEqualTo("héllo, world");
            assertThat(records.get(2).get("value")).isNull();
            assertThat(records.get(2).key()).isEqualTo("c");
        }
        try (DataReader bytes = new KafkaSourceConnector().openReader(spec("raw", "kafka_source",
                "topic", topic, "bounded", "true", "format", "bytes"))) {
            List<StreamRecord> records = readToEnd(bytes);
            assertThat(Base64.getDecoder().decode((String) records.get(1).get("value"))).containsExactly(0, 0xFF, 7);
        }
    }

    @Test
    void avroValuesMapToRecordTypesWithExactDecimals(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String topic = topic(1);
        Schema schema = new Schema.Parser().parse(AVRO_SCHEMA);
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", 7L);
        r.put("qty", 3);
        r.put("amount", ByteBuffer.wrap(new BigDecimal("1234.50").unscaledValue().toByteArray()));
        r.put("item", null);
        r.put("at", 1_700_000_000_123L);
        r.put("day", 19_000);
        r.put("ratio", 0.5f);
        r.put("tags", List.of("a", "b"));
        r.put("attrs", Map.of("n", 5L));
        r.put("ok", true);
        send(new ProducerRecord<>(topic, null, avro(schema, r)));
        send(topic, null, "not avro at all");

        Files.writeString(dir.resolve("order.avsc"), AVRO_SCHEMA);
        try (DataReader reader = new KafkaSourceConnector().openReader(new io.velostream.engine.io.EndpointSpec("orders",
                "kafka_source", Map.of("bootstrap.servers", broker.getBrokersAsString(), "topic", topic, "bounded", "true",
                "format", "avro", "avro.schema.file", "order.avsc"), dir, errors::add))) {
            assertThat(reader.schema().isClosed()).isTrue();
            assertThat(reader.schema().type(2)).isEqualTo(SqlType.DECIMAL);
            assertThat(reader.schema().type(3)).isEqualTo(SqlType.STRING);
            assertThat(reader.schema().type(4)).isEqualTo(SqlType.TIMESTAMP);
            List<StreamRecord> records = readToEnd(reader);
            assertThat(records).hasSize(1);
            StreamRecord o = records.get(0);
            assertThat(o.get("id")).isEqualTo(7L);
            assertThat(o.get("qty")).isEqualTo(3L);
            assertThat(o.get("amount")).hasToString("1234.50");
            assertThat(o.get("item")).isNull();
            assertThat(o.get("at")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
            assertThat(o.get("day")).isEqualTo(LocalDate.ofEpochDay(19_000));
            assertThat(o.get("ratio")).isEqualTo(0.5);
            assertThat(o.get("tags")).isEqualTo(List.of("a", "b"));
            assertThat(o.get("attrs")).isEqualTo(Map.of("n", 5L));
            assertThat(o.get("ok")).isEqualTo(true);
        }
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.position()).hasToString(topic + "-0@1");
            assertThat(e.message()).startsWith("malformed Avro");
        });
    }

    static byte[] avro(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void aRebalanceTakingRecordsReadSinceTheLastCommitFailsThePollSoTheyAreReadAgain() throws Exception {
        String topic = topic(1);
        for (int i = 0; i < 4; i++) {
            send(topic, null, "{\"n\":" + i + "}");
        }
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "group.id", "rebalance-" + topic))) {
            assertThat(readN(reader, 4)).extracting(r -> r.get("n")).containsExactly(0L, 1L, 2L, 3L);
            // What the consumer does inside the next poll when the group moves the partition away and
            // back while those records are returned but not committed (a commit interval is open):
            // the listener is told, and the partition restarts from its committed offset (none: 0).
            KafkaReader kafka = (KafkaReader) reader;
            TopicPartition tp = new TopicPartition(topic, 0);
            kafka.onPartitionsRevoked(List.of(tp));
            kafka.onPartitionsAssigned(List.of(tp));
            kafka.consumer().seek(tp, 0);
            assertThatThrownBy(() -> reader.read(new ArrayList<>(), 10)).isInstanceOf(IOException.class).hasMessageContaining("reassigned")
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.RetriableException.class);
            assertThat(reader.rewind()).isTrue();
            assertThat(readN(reader, 4)).extracting(r -> r.get("n")).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    @Test
    void aRevocationCommitsWhatIsPendingFirstSoTheNextOwnerStartsAfterIt() throws Exception {
        String topic = topic(1);
        for (int i = 0; i < 4; i++) {
            send(topic, null, "{\"n\":" + i + "}");
        }
        String group = "revocation-" + topic;
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "group.id", group))) {
            AtomicInteger commits = new AtomicInteger();
            ((PartitionedSource) reader).commitBeforeRevocation(() -> {
                commits.incrementAndGet();
                reader.commit();
            });
            assertThat(readN(reader, 4)).extracting(r -> r.get("n")).containsExactly(0L, 1L, 2L, 3L);
            KafkaReader kafka = (KafkaReader) reader;
            TopicPartition tp = new TopicPartition(topic, 0);
            kafka.onPartitionsRevoked(List.of(tp));
            assertThat(commits).hasValue(1);
            assertThat(committedOffset(group, tp)).isEqualTo(4);
            kafka.onPartitionsRevoked(List.of(tp)); // nothing read since: nothing to commit
            assertThat(commits).hasValue(1);
            kafka.onPartitionsAssigned(List.of(tp));
            kafka.consumer().seek(tp, 4); // assigned again: from the committed offset
            send(topic, null, "{\"n\":4}");
            assertThat(readN(reader, 1)).extracting(r -> r.get("n")).containsExactly(4L);
        }
    }

    @Test
    void aRevocationWhoseCommitFailsFailsThePollSoTheRecordsAreReadAgain() throws Exception {
        String topic = topic(1);
        for (int i = 0; i < 2; i++) {
            send(topic, null, "{\"n\":" + i + "}");
        }
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "group.id", "revocation-fails-" + topic))) {
            ((PartitionedSource) reader).commitBeforeRevocation(() -> {
                throw new IOException("the broker is away");
            });
            assertThat(readN(reader, 2)).extracting(r -> r.get("n")).containsExactly(0L, 1L);
            KafkaReader kafka = (KafkaReader) reader;
            TopicPartition tp = new TopicPartition(topic, 0);
            kafka.onPartitionsRevoked(List.of(tp));
            kafka.onPartitionsAssigned(List.of(tp));
            kafka.consumer().seek(tp, 0);
            assertThatThrownBy(() -> reader.read(new ArrayList<>(), 10)).isInstanceOf(IOException.class)
                    .hasMessageContaining("committing them first failed: the broker is away")
                    .hasRootCauseMessage("the broker is away")
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.RetriableException.class);
            assertThat(reader.rewind()).isTrue();
            assertThat(readN(reader, 2)).extracting(r -> r.get("n")).containsExactly(0L, 1L);
        }
    }

    private static long committedOffset(String group, TopicPartition tp) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp).offset();
        }
    }

    @Test
    void boundedReaderEndsAtTheEndOffsetsSeenWhenOpening() throws Exception {
        String topic = topic(2);
        for (int i = 0; i < 4; i++) {
            send(new ProducerRecord<>(topic, i % 2, null, utf8("{\"n\":" + i + "}")));
        }
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "bounded", "true"))) {
            for (int i = 4; i < 8; i++) { // after opening: not part of the backfill
                send(new ProducerRecord<>(topic, i % 2, null, utf8("{\"n\":" + i + "}")));
            }
            List<StreamRecord> records = readToEnd(reader);
            assertThat(records).extracting(r -> r.get("n")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
            assertThat(reader.read(new ArrayList<>(), 10)).isFalse();
        }
    }

    @Test
    void aTableIsReadWholeThenFollowedWithoutLosingWhatTheLoadPassedOver() throws Exception {
        String topic = topic(2);
        for (int i = 0; i < 4; i++) {
            send(new ProducerRecord<>(topic, i % 2, null, utf8("{\"n\":" + i + "}")));
        }
        try (DataReader consumed = new KafkaSourceConnector().openReader(spec("t", "kafka_source",
                "topic", topic, "group.id", "g-table", "bounded", "true"))) {
            readToEnd(consumed);
            consumed.commit();
        }
        // A source with a primary key is a table: read from the beginning, whatever its group committed.
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("t", "kafka_source",
                "topic", topic, "group.id", "g-table", "primary_key", "n"))) {
            assertThat(reader.isBounded()).isTrue();
            for (int i = 4; i < 8; i++) { // after opening: polled and passed over by the load
                send(new ProducerRecord<>(topic, i % 2, null, utf8("{\"n\":" + i + "}")));
            }
            assertThat(readToEnd(reader)).extracting(r -> r.get("n")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);

            ((ChangelogReader) reader).follow();
            assertThat(reader.isBounded()).isFalse();
            assertThat(readN(reader, 4)).extracting(r -> r.get("n")).containsExactlyInAnyOrder(4L, 5L, 6L, 7L);
            assertThat(reader.read(new ArrayList<>(), 10)).isTrue();
        }
    }

    @Test
    void boundedReaderOfAnEmptyTopicEndsAtOnce() throws Exception {
        String topic = topic(1);
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("e", "kafka_source",
                "topic", topic, "bounded", "true"))) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(reader.read(batch, 10)).isFalse();
            assertThat(batch).isEmpty();
        }
    }

    @Test
    void poisonRecordIsARecordErrorAndReadingContinues() throws Exception {
        String topic = topic(1);
        send(topic, null, "{\"id\":1}");
        send(topic, null, "{\"id\":");
        send(topic, null, "[1,2]");
        send(topic, null, "{\"id\":4}");
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "topic", topic, "bounded", "true"))) {
            assertThat(readToEnd(reader)).extracting(r -> r.get("id")).containsExactly(1L, 4L);
        }
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).source()).isEqualTo("orders");
        assertThat(errors.get(0).position()).hasToString(topic + "-0@1");
        assertThat(errors.get(0).message()).startsWith("malformed JSON: ");
        assertThat(errors.get(0).raw()).isEqualTo("{\"id\":");
        assertThat(errors.get(1).position()).hasToString(topic + "-0@2");
        assertThat(errors.get(1).message()).isEqualTo("expected a JSON object but found an array");
    }

    @Test
    void commitPersistsPositionsForTheNextReaderOfTheGroup() throws Exception {
        String topic = topic(1);
        for (int i = 0; i < 5; i++) {
            send(topic, null, "{\"n\":" + i + "}");
        }
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "group.id", "g-commit"))) {
            assertThat(reader.isBounded()).isFalse();
            assertThat(readN(reader, 3)).extracting(r -> r.get("n")).containsExactly(0L, 1L, 2L);
            reader.commit();
            // Polled but not returned: a restart reads them again, they are not committed.
        }
        try (DataReader next = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "group.id", "g-commit", "bounded", "true"))) {
            assertThat(readToEnd(next)).extracting(r -> r.get("n")).containsExactly(3L, 4L);
        }
    }

    @Test
    void clientPropertiesPassThroughAndTheRestOfAPollIsKept() throws Exception {
        String topic = topic(1);
        for (int i = 0; i < 6; i++) {
            send(topic, null, "{\"n\":" + i + "}");
        }
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("nums", "kafka_source",
                "topic", topic, "bounded", "true", "max.poll.records", "4"))) {
            List<StreamRecord> all = new ArrayList<>();
            List<StreamRecord> batch = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (batch.isEmpty() && System.nanoTime() < deadline) {
                reader.read(batch, 100);
            }
            assertThat(batch).hasSizeBetween(1, 4); // one poll returns at most max.poll.records
            all.addAll(batch);
            batch.clear();
            reader.read(batch, 1);
            assertThat(batch).hasSizeLessThanOrEqualTo(1);
            all.addAll(batch);
            all.addAll(readToEnd(reader));
            assertThat(all).extracting(r -> r.get("n")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void optionErrorsNameTheEndpoint() {
        assertThatThrownBy(() -> new KafkaSourceConnector().openReader(spec("orders", "kafka_source", "format", "xml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka_source 'orders': unknown format 'xml'; known formats: json, csv, string, bytes, avro, protobuf, json_sr, velostream");
        assertThatThrownBy(() -> new KafkaSourceConnector().openReader(spec("orders", "kafka_source", "format", "avro")))
                .hasMessage("kafka_source 'orders': format 'avro' needs 'avro.schema' or 'avro.schema.file'");
        assertThatThrownBy(() -> new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "format", "avro", "avro.schema", "\"string\"")))
                .hasMessage("kafka_source 'orders': the Avro schema must be a record, not string");
        io.velostream.engine.io.EndpointSpec noServers = new io.velostream.engine.io.EndpointSpec("orders", "kafka_source",
                Map.of(), null, errors::add);
        if (System.getenv(KafkaOptions.BOOTSTRAP_ENV) == null) {
            assertThatThrownBy(() -> new KafkaSourceConnector().openReader(noServers))
                    .hasMessageStartingWith("kafka_source 'orders': no Kafka bootstrap servers");
        }
        assertThatThrownBy(() -> new KafkaSourceConnector().openReader(spec("orders", "kafka_source",
                "max.poll.records", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kafka_source 'orders': invalid Kafka client properties:")
                .hasMessageContaining("max.poll.records");
    }
}
