package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.velostream.engine.io.kafka.KafkaConnectors;

class KafkaSinkTest extends KafkaTestSupport {
    private static final Schema ORDERS = Schema.of("id", "item", "amount");

    private static StreamRecord order(long id, String item, Decimal amount, Object key, long eventTime, Headers headers) {
        return new StreamRecord(ORDERS, new Object[] {id, item, amount}, key, 1L, eventTime, "in", 0, id, headers);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void writesKeyValueHeadersAndEventTimeAsTimestamp() throws Exception {
        String topic = topic(1);
        try (DataWriter writer = new KafkaSinkConnector().openWriter(spec("out", "kafka_sink", "topic", topic))) {
            writer.write(List.of(
                    order(1, "Widget", Decimal.of(44998, 2), "US|Widget", 1_700_000_000_000L,
                            Headers.of("traceparent", "00-abc-01", "k", "v")),
                    order(2, "Gadget", Decimal.of(1230, 2), Decimal.of(12340, 3), 1_700_000_000_001L, Headers.EMPTY),
                    order(3, null, null, null, 1_700_000_000_002L, Headers.EMPTY)));
            writer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> out = consume(topic, 3);
        ConsumerRecord<byte[], byte[]> first = out.get(0);
        assertThat(text(first.key())).isEqualTo("US|Widget");
        assertThat(text(first.value())).isEqualTo("{\"id\":1,\"item\":\"Widget\",\"amount\":449.98}");
        assertThat(first.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(first.headers().toArray()).extracting(h -> h.key() + "=" + text(h.value()))
                .containsExactly("traceparent=00-abc-01", "k=v");
        assertThat(text(out.get(1).key())).isEqualTo("12.34"); // docs/sql.md#output-key: decimals without trailing zeros
        assertThat(out.get(2).key()).isNull();
        assertThat(text(out.get(2).value())).isEqualTo("{\"id\":3,\"item\":null,\"amount\":null}");
        assertThat(out.get(2).timestamp()).isEqualTo(1_700_000_000_002L);
    }

    @Test
    void csvAndStringValues() throws Exception {
        String csvTopic = topic(1);
        String stringTopic = topic(1);
        try (DataWriter csv = new KafkaSinkConnector().openWriter(spec("out", "kafka_sink", "topic", csvTopic, "format", "csv"));
             DataWriter string = new KafkaSinkConnector().openWriter(spec("out", "kafka_sink", "topic", stringTopic,
                     "format", "string"))) {
            List<StreamRecord> batch = List.of(order(1, "Widget, large", Decimal.of(250, 2), null, 5, Headers.EMPTY),
                    new StreamRecord(ORDERS, new Object[] {null}, "gone", 6, 6, null, -1, -1, Headers.EMPTY));
            csv.write(batch.subList(0, 1));
            csv.flush();
            string.write(List.of(new StreamRecord(Schema.of("msg"), new Object[] {"héllo"}, null, 5, 5, null, -1, -1, null),
                    batch.get(1)));
            string.flush();
        }
        assertThat(text(consume(csvTopic, 1).get(0).value())).isEqualTo("1,\"Widget, large\",2.50");
        List<ConsumerRecord<byte[], byte[]>> strings = consume(stringTopic, 2);
        assertThat(text(strings.get(0).value())).isEqualTo("héllo");
        assertThat(strings.get(1).value()).isNull(); // a NULL value is a tombstone
        assertThat(text(strings.get(1).key())).isEqualTo("gone");
    }

    @Test
    void avroRoundTripRoundsDecimalsToTheSchemaScale() throws Exception {
        String topic = topic(1);
        String schema = """
                {"type":"record","name":"Trade","fields":[
                  {"name":"id","type":"long"},
                  {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
                  {"name":"note","type":["null","string"],"default":null},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"day","type":{"type":"int","logicalType":"date"}},
                  {"name":"legs","type":{"type":"array","items":"double"}}
                ]}""";
        Schema out = Schema.of("ID", "price", "at", "day", "legs", "unused");
        try (DataWriter writer = new KafkaSinkConnector().openWriter(spec("trades", "kafka_sink", "topic", topic,
                "format", "avro", "avro.schema", schema))) {
            writer.write(List.of(new StreamRecord(out, new Object[] {
                    9L, Decimal.of(10005, 3), Instant.ofEpochMilli(1_700_000_000_123L), LocalDate.of(2024, 2, 29),
                    List.of(1.5, 2L), "x"}, "t9", 1_700_000_000_000L, 1_700_000_000_000L, null, -1, -1, null)));
            writer.flush();
        }
        try (DataReader reader = new KafkaSourceConnector().openReader(spec("trades", "kafka_source", "topic", topic,
                "format", "avro", "avro.schema", schema, "bounded", "true"))) {
            StreamRecord r = readToEnd(reader).get(0);
            assertThat(r.get("id")).isEqualTo(9L);
            assertThat(r.get("price")).hasToString("10.01"); // 10.005 half-up at scale 2
            assertThat(r.get("note")).isNull();
            assertThat(r.get("at")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
            assertThat(r.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(r.get("legs")).isEqualTo(List.of(1.5, 2.0));
            assertThat(r.key()).isEqualTo("t9");
        }
    }

    @Test
    void avroRecordMissingARequiredFieldFailsTheWrite() throws Exception {
        String schema = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
        try (DataWriter writer = new KafkaSinkConnector().openWriter(spec("r", "kafka_sink", "topic", topic(1),
                "format", "avro", "avro.schema", schema))) {
            StreamRecord r = new StreamRecord(Schema.of("other"), new Object[] {1L}, null, 1, 1, "in", 2, 7, null);
            assertThatThrownBy(() -> writer.write(List.of(r)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot encode in-2@7 as Avro: ");
        }
    }

    @Test
    void aRecordLargerThanTheSinkAcceptsIsAWriteRecordErrorAndIsNotSent() throws Exception {
        String topic = topic(1);
        errors.clear();
        try (DataWriter writer = new KafkaSinkConnector().openWriter(spec("out", "kafka_sink", "topic", topic,
                "format", "string", "max.request.size", "1024"))) {
            Schema s = Schema.of("value");
            writer.write(List.of(new StreamRecord(s, new Object[] {"x".repeat(4096)}, null, 1, 1, null, -1, -1, null),
                    new StreamRecord(s, new Object[] {"small"}, null, 1, 1, null, -1, -1, null)));
            writer.flush(); // the large record never reached the producer, so nothing failed
        }
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RecordError.Kind.WRITE);
            assertThat(e.message()).startsWith("kafka sink 'out': the record is ").contains("(1024)");
        });
        assertThat(text(consume(topic, 1).get(0).value())).isEqualTo("small");
    }

    @Test
    void connectorsRegistryOpensKafkaEndpointsByType() throws Exception {
        Connectors connectors = KafkaConnectors.register(Connectors.builtIn());
        assertThat(connectors.types()).contains("kafka_source", "kafka_sink", "file_source");
        String topic = topic(1);
        try (DataWriter writer = connectors.openWriter(spec(topic, "kafka_sink"))) { // topic defaults to the name
            writer.write(List.of(order(1, "a", null, "k", 10, Headers.EMPTY)));
            writer.flush();
        }
        try (DataReader reader = connectors.openReader(spec(topic, "kafka_source", "bounded", "true"))) {
            assertThat(readToEnd(reader)).extracting(r -> r.get("item")).containsExactly("a");
        }
        assertThatThrownBy(() -> connectors.openReader(spec("x", "kafka_sink")))
                .hasMessage("kafka_sink 'x' is a sink and cannot be read from");
    }

    @Test
    void ownKeysAreNotPassedToTheClient() {
        assertThat(KafkaOptions.isOwnKey("batch.size")).isTrue();
        assertThat(KafkaOptions.isOwnKey("event.time.field")).isTrue();
        assertThat(KafkaOptions.isOwnKey("avro.schema.file")).isTrue();
        assertThat(KafkaOptions.isOwnKey("Format")).isTrue();
        assertThat(KafkaOptions.isOwnKey("linger.ms")).isFalse();
        assertThat(KafkaOptions.isOwnKey("security.protocol")).isFalse();
        KafkaOptions options = new KafkaOptions(spec("out", "kafka_sink", "batch.size", "100", "kafka.batch.size", "32768",
                "compression.type", "lz4", "format", "json", "mode", "simple"));
        Map<String, Object> props = options.clientProperties(Map.of("linger.ms", "5"));
        assertThat(props).containsEntry("batch.size", "32768").containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", "5").containsEntry("bootstrap.servers", broker.getBrokersAsString())
                .doesNotContainKeys("format", "mode", "kafka.batch.size");
    }
}
