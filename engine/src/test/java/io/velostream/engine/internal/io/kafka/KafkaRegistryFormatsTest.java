package io.velostream.engine.internal.io.kafka;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.job.JobMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Protobuf and JSON Schema in the Confluent wire format through a real registry (docs/formats.md#schema-registry). */
class KafkaRegistryFormatsTest extends RegistryTestSupport {
    private static final String ORDER_V1 = """
            syntax = "proto3";
            package shop;
            import "google/protobuf/timestamp.proto";

            message Order {
              string customer = 1;
              int64 amount = 2;
              Address address = 3;
              repeated string tags = 4;
              map<string, int64> counts = 5;
              Status status = 6;
              google.protobuf.Timestamp placed = 7;

              message Address {
                string city = 1;
              }
              enum Status {
                NEW = 0;
                PAID = 1;
              }
            }
            """;
    /** V1 and a new optional field: a compatible evolution. */
    private static final String ORDER_V2 = ORDER_V1.replace("google.protobuf.Timestamp placed = 7;",
            "google.protobuf.Timestamp placed = 7;\n  optional string note = 8;");
    private static final String JSON_V1 = """
            {"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object",
             "properties":{"customer":{"type":"string"},"amount":{"type":"integer"}}}""";
    private static final String JSON_V2 = JSON_V1.replace("\"amount\":{\"type\":\"integer\"}",
            "\"amount\":{\"type\":\"integer\"},\"note\":{\"type\":\"string\"}");
    private static final Instant PLACED = Instant.parse("2026-05-01T10:15:30.250Z");

    @Test
    void aJobReadsAndWritesConfluentFramedProtobuf() throws Exception {
        String in = topic(1);
        String out = topic(1);
        int id = registry.register(in + "-value", "PROTOBUF", ORDER_V1);
        send(in, protobuf(id, order("a", 1, null)));
        send(in, protobuf(id, order("b", 5, null)));

        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM doubled AS SELECT customer, amount * 2 AS twice, status, placed FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'protobuf', 'orders.schema.registry.url' = '%s',
                      'doubled.type' = 'kafka_sink', 'doubled.topic' = '%s',
                      'doubled.format' = 'protobuf', 'doubled.schema.registry.url' = '%s')"""
                .formatted(in, group(), server.url(), out, server.url()));

        assertThat(metrics.get("doubled").recordErrors()).isZero();
        List<ConsumerRecord<byte[], byte[]>> written = committed(out);
        assertThat(written).hasSize(2);
        SchemaRegistryClient.Registered sink = registry.latest(out + "-value");
        assertThat(sink.schemaType()).isEqualTo("PROTOBUF");
        assertThat(sink.schema()).contains("message doubled {", "optional string customer = 1;", "optional int64 twice = 2;",
                "optional string status = 3;", "optional google.protobuf.Timestamp placed = 4;");
        for (ConsumerRecord<byte[], byte[]> r : written) {
            assertThat(RegistryWire.schemaId(r.value())).isEqualTo(sink.id());
            assertThat(r.value()[RegistryWire.HEADER]).as("message index: the first message").isZero();
        }
        // Decoded by field number, independently of the engine's schema handling.
        UnknownFieldSet first = payload(written.get(0).value());
        assertThat(first.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("a");
        assertThat(first.getField(2).getVarintList()).containsExactly(2L);
        assertThat(first.getField(3).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("PAID");
        UnknownFieldSet placed = UnknownFieldSet.parseFrom(first.getField(4).getLengthDelimitedList().get(0));
        assertThat(placed.getField(1).getVarintList()).containsExactly(PLACED.getEpochSecond());
        assertThat(placed.getField(2).getVarintList()).containsExactly(250_000_000L);
        assertThat(payload(written.get(1).value()).getField(2).getVarintList()).containsExactly(10L);
    }

    @Test
    void nestedRepeatedMapEnumAndTimestampFieldsBecomeSqlValues() throws Exception {
        String subject = topic(1) + "-value";
        int id = registry.register(subject, "PROTOBUF", ORDER_V1);
        RegistryProtobuf.Decoder decoder = new RegistryProtobuf.Decoder(registry,
                ProtoSchemas.columns(ProtoSchemas.parse(registry.latest(subject).schema()).getMessageTypes().get(0)));

        assertThat(decoder.schema().names()).containsExactly("customer", "amount", "address", "tags", "counts", "status", "placed");
        assertThat(decoder.schema().toString()).contains("address STRUCT", "tags ARRAY", "counts MAP", "status STRING",
                "placed TIMESTAMP");
        Object[] values = decoder.decode(protobuf(id, order("a", 3, null)));
        assertThat(values).containsExactly("a", 3L, Map.of("city", "Oslo"), List.of("x", "y"), Map.of("k", 7L), "PAID", PLACED);
    }

    @Test
    void aRunningProtobufJobReadsValuesOfANewSchemaVersionByTheirOwnSchema() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String subject = in + "-value";
        int v1 = registry.register(subject, "PROTOBUF", ORDER_V1);
        send(in, protobuf(v1, order("a", 1, null)));
        ApplicationRunner runner = new ApplicationRunner();
        var app = ApplicationCompiler.withBuiltins().prepare("""
                CREATE STREAM copy AS SELECT customer, amount FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'orders.format' = 'protobuf', 'orders.schema.registry.url' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(in, group(), server.url(), out), options());
        CompletableFuture<Map<String, JobMetrics>> job = CompletableFuture.supplyAsync(() -> runner.runAll(app));
        int v2;
        try {
            assertThat(values(consume(out, 1))).containsExactly("{\"customer\":\"a\",\"amount\":1}");
            // The producers move to v2 while the job runs: its values carry a new id, fetched and decoded by v2.
            v2 = registry.register(subject, "PROTOBUF", ORDER_V2);
            assertThat(v2).isNotEqualTo(v1);
            send(in, protobuf(v2, order("b", 2, "gift")));
            send(in, protobuf(v1, order("c", 3, null)));
            assertThat(values(consume(out, 3))).containsExactly("{\"customer\":\"a\",\"amount\":1}",
                    "{\"customer\":\"b\",\"amount\":2}", "{\"customer\":\"c\",\"amount\":3}");
            assertThat(job).isNotDone();
        } finally {
            runner.stop();
        }
        assertThat(job.get().get("copy").recordErrors()).isZero();

        // A source started after the evolution has v2's columns: a v1 value has no note, so NULL.
        RegistryProtobuf.Decoder decoder = new RegistryProtobuf.Decoder(registry,
                ProtoSchemas.columns(ProtoSchemas.parse(registry.latest(subject).schema()).getMessageTypes().get(0)));
        assertThat(decoder.schema().names()).endsWith("note");
        assertThat(decoder.decode(protobuf(v1, order("d", 4, null)))).endsWith((Object) null);
        assertThat(decoder.decode(protobuf(v2, order("e", 5, "gift")))).endsWith("gift");
    }

    @Test
    void badProtobufValuesAreRecordErrorsInTheDeadLetterTopic() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String dlq = topic(1);
        int id = registry.register(in + "-value", "PROTOBUF", ORDER_V1);
        int json = registry.register(topic(1) + "-value", "JSON", JSON_V1);
        send(in, protobuf(id, order("a", 1, null)));
        send(in, protobuf(987_654, order("x", 1, null)));
        send(in, null, "{\"customer\":\"json\"}");
        byte[] truncated = protobuf(id, order("y", 1, null));
        send(in, Arrays.copyOf(truncated, truncated.length - 3));
        send(in, protobuf(json, order("z", 1, null)));
        send(in, protobuf(id, order("b", 2, null)));

        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM copy AS SELECT customer, amount FROM orders
                WITH ('failure_strategy' = 'SendToDLQ', 'dlq.topic' = '%s',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'protobuf', 'orders.schema.registry.url' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(dlq, in, group(), server.url(), out));

        assertThat(metrics.get("copy").recordErrors()).isEqualTo(4);
        assertThat(values(committed(out))).containsExactly("{\"customer\":\"a\",\"amount\":1}", "{\"customer\":\"b\",\"amount\":2}");
        List<String> errors = committed(dlq).stream().map(r -> KafkaJobTest.header(r, DeadLetterQueue.ERROR)).toList();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).contains("schema id 987654 is not in the registry");
        assertThat(errors.get(1)).contains("magic byte 123, expected 0");
        assertThat(errors.get(2)).contains("not a Protobuf message of schema id " + id);
        assertThat(errors.get(3)).contains("schema id " + json + " is a JSON schema, not PROTOBUF");
    }

    @Test
    void aJobReadsAndWritesConfluentFramedJsonWithAJsonSchema() throws Exception {
        String in = topic(1);
        String out = topic(1);
        int v1 = registry.register(in + "-value", "JSON", JSON_V1);
        send(in, jsonSr(v1, "{\"customer\":\"a\",\"amount\":1}"));
        int v2 = registry.register(in + "-value", "JSON", JSON_V2);
        send(in, jsonSr(v2, "{\"customer\":\"b\",\"amount\":5,\"note\":\"gift\"}"));

        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM doubled AS SELECT customer, CAST(amount * 2 AS INTEGER) AS twice, note FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'json_sr', 'orders.schema.registry.url' = '%s',
                      'doubled.type' = 'kafka_sink', 'doubled.topic' = '%s',
                      'doubled.format' = 'json_sr', 'doubled.schema.registry.url' = '%s')"""
                .formatted(in, group(), server.url(), out, server.url()));

        assertThat(metrics.get("doubled").recordErrors()).isZero();
        List<ConsumerRecord<byte[], byte[]>> written = committed(out);
        SchemaRegistryClient.Registered sink = registry.latest(out + "-value");
        assertThat(sink.schemaType()).isEqualTo("JSON");
        // The source's columns are open (untyped): any value; a CAST gives a type.
        assertThat(sink.schema()).contains("\"title\":\"doubled\"", "\"customer\":{}", "\"twice\":{\"type\":[\"integer\",\"null\"]}");
        assertThat(written).allSatisfy(r -> assertThat(RegistryWire.schemaId(r.value())).isEqualTo(sink.id()));
        assertThat(written.stream().map(r -> new String(r.value(), RegistryWire.HEADER, r.value().length - RegistryWire.HEADER,
                StandardCharsets.UTF_8)).toList()).containsExactly(
                "{\"customer\":\"a\",\"twice\":2,\"note\":null}", "{\"customer\":\"b\",\"twice\":10,\"note\":\"gift\"}");
    }

    @Test
    void anUnreachableRegistryIsARecordErrorNotACrash() throws Exception {
        String in = topic(1);
        String out = topic(1);
        String dlq = topic(1);
        send(in, jsonSr(1, "{\"customer\":\"a\"}"));
        send(in, jsonSr(1, "{\"customer\":\"b\"}"));
        String down = "http://127.0.0.1:" + freePort();

        Map<String, JobMetrics> metrics = run("""
                CREATE STREAM copy AS SELECT customer FROM orders
                WITH ('failure_strategy' = 'SendToDLQ', 'dlq.topic' = '%s',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.bounded' = 'true', 'orders.group.id' = '%s',
                      'orders.format' = 'json_sr', 'orders.schema.registry.url' = '%s',
                      'copy.type' = 'kafka_sink', 'copy.topic' = '%s')""".formatted(dlq, in, group(), down, out));

        assertThat(metrics.get("copy").recordErrors()).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq);
        assertThat(dead).hasSize(2);
        assertThat(KafkaJobTest.header(dead.get(0), DeadLetterQueue.ERROR))
                .contains("schema id 1 cannot be looked up: schema registry at " + down + " unreachable");
        assertThat(dead.get(1).value()).isEqualTo(jsonSr(1, "{\"customer\":\"b\"}"));
    }

    @Test
    void basicAuthUserInfoIsSentToTheRegistry() throws Exception {
        HttpServer proxy = authProxy("svc:s3cret");
        try {
            String url = "http://127.0.0.1:" + proxy.getAddress().getPort();
            String subject = topic(1) + "-value";
            SchemaRegistryClient authed = new SchemaRegistryClient(url, "svc:s3cret");
            int id = authed.register(subject, "JSON", JSON_V1);
            assertThat(authed.byId(id).schema()).contains("customer");
            assertThatThrownBy(() -> new SchemaRegistryClient(url, "svc:wrong").latest(subject))
                    .hasMessageContaining("answered 401");
            assertThatThrownBy(() -> new KafkaOptions(spec("orders", "kafka_source", "format", "json_sr",
                    "schema.registry.url", url, "schema.registry.basic.auth.user.info", "no-colon")).registry())
                    .hasMessageContaining("'schema.registry.basic.auth.user.info' must be 'user:password'");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void registryFormatsNeedARegistry() {
        assertThatThrownBy(() -> run("""
                CREATE STREAM copy AS SELECT customer FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'x', 'orders.format' = 'protobuf',
                      'copy.type' = 'kafka_sink', 'copy.topic' = 'y')"""))
                .hasMessageContaining("format 'protobuf' needs 'schema.registry.url'");
    }

    /** A front of the test registry that answers 401 unless the request carries basic auth with {@code userInfo}. */
    private static HttpServer authProxy(String userInfo) throws Exception {
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            try (exchange) {
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    byte[] body = "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(401, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                byte[] request;
                try (InputStream body = exchange.getRequestBody()) {
                    request = body.readAllBytes();
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(server.url() + exchange.getRequestURI()
                        .toString())).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .method(exchange.getRequestMethod(), request.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request));
                HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.sendResponseHeaders(response.statusCode(), response.body().length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy.start();
        return proxy;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An Order as a Protobuf producer writes it, field by field (independent of the engine's schema handling). */
    private static byte[] order(String customer, long amount, String note) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        o.writeString(1, customer);
        o.writeInt64(2, amount);
        o.writeBytes(3, message(m -> m.writeString(1, "Oslo")));
        o.writeString(4, "x");
        o.writeString(4, "y");
        o.writeBytes(5, message(m -> {
            m.writeString(1, "k");
            m.writeInt64(2, 7);
        }));
        o.writeEnum(6, 1);
        o.writeBytes(7, message(m -> {
            m.writeInt64(1, PLACED.getEpochSecond());
            m.writeInt32(2, PLACED.getNano());
        }));
        if (note != null) {
            o.writeString(8, note);
        }
        o.flush();
        return bytes.toByteArray();
    }

    private interface Fields {
        void write(CodedOutputStream out) throws Exception;
    }

    private static ByteString message(Fields fields) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        fields.write(o);
        o.flush();
        return ByteString.copyFrom(bytes.toByteArray());
    }

    /** The Confluent framing of the schema's first message: header, message index 0, then the message. */
    private static byte[] protobuf(int id, byte[] message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(RegistryWire.header(id));
        bytes.write(0);
        bytes.write(message);
        return bytes.toByteArray();
    }

    private static byte[] jsonSr(int id, String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(RegistryWire.header(id));
        bytes.write(json.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /** The message after the header and a one-byte message index. */
    private static UnknownFieldSet payload(byte[] value) throws Exception {
        return UnknownFieldSet.parseFrom(Arrays.copyOfRange(value, RegistryWire.HEADER + 1, value.length));
    }
}
