package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.EndpointSpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Which source and sink options let a sink write records as read (docs/kafka.md#raw-pass-through). */
class RawPassThroughTest {
    private static final String SCHEMA_A = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    /** The same schema as {@link #SCHEMA_A}, spaced otherwise: schemas compare parsed, not as text. */
    private static final String SCHEMA_A_SPACED = "{ \"type\": \"record\", \"name\": \"A\", \"fields\": [ {\"name\": \"id\", \"type\": \"long\"} ] }";
    private static final String SCHEMA_B = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}";

    /**
     * Random pairs of endpoint options (fixed seed): compatible exactly when the formats are the same
     * and, for csv, the delimiter and columns, for avro, the schema.
     */
    @Test
    void generatedOptionPairsAreCompatibleExactlyWhenTheyReadTheSame() {
        Random random = new Random(1414);
        String[] formats = {null, "json", "JSON", "csv", "string", "bytes", "avro", "velostream"};
        String[] delimiters = {null, ",", ";", "\\t", "tab"};
        String[] columns = {null, "id,name", "id, name", "name,id"};
        String[] schemas = {SCHEMA_A, SCHEMA_A_SPACED, SCHEMA_B};
        int compatible = 0;
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> in = options(random, formats, delimiters, columns, schemas);
            Map<String, String> out = options(random, formats, delimiters, columns, schemas);
            String why = RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, in), spec(KafkaSinkConnector.TYPE, out));
            boolean expected = expectedCompatible(in, out);
            assertThat(why == null).as("%s -> %s: %s", in, out, why).isEqualTo(expected);
            compatible += expected ? 1 : 0;
        }
        assertThat(compatible).as("both outcomes are generated").isBetween(100, 1_900);
    }

    private static Map<String, String> options(Random random, String[] formats, String[] delimiters, String[] columns,
                                               String[] schemas) {
        Map<String, String> o = new HashMap<>();
        put(o, "format", formats[random.nextInt(formats.length)]);
        put(o, "delimiter", delimiters[random.nextInt(delimiters.length)]);
        put(o, "columns", columns[random.nextInt(columns.length)]);
        o.put("avro.schema", schemas[random.nextInt(schemas.length)]);
        return o;
    }

    private static void put(Map<String, String> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    /** The rule, stated independently of the code: normalised options compared. */
    private static boolean expectedCompatible(Map<String, String> in, Map<String, String> out) {
        String format = in.getOrDefault("format", "json").toLowerCase();
        if (!format.equals(out.getOrDefault("format", "json").toLowerCase())) {
            return false;
        }
        return switch (format) {
            case "csv" -> delimiter(in).equals(delimiter(out))
                    && columns(in).equals(columns(out));
            case "avro" -> !in.get("avro.schema").equals(SCHEMA_B) == !out.get("avro.schema").equals(SCHEMA_B);
            default -> true;
        };
    }

    private static String delimiter(Map<String, String> o) {
        String d = o.getOrDefault("delimiter", ",");
        return d.equals("tab") ? "\\t" : d;
    }

    private static String columns(Map<String, String> o) {
        return o.getOrDefault("columns", "").replace(" ", "");
    }

    @Test
    void registryAvroOnlyWhenTheSinkWritesTheSourcesSubjectWithoutASchemaOfItsOwn() {
        Map<String, String> source = Map.of("format", "avro", "schema.registry.url", "http://registry:8081/",
                "topic", "orders", "schema.subject", "copy-value");
        assertThat(RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, source), spec(KafkaSinkConnector.TYPE,
                Map.of("format", "avro", "schema.registry.url", "http://registry:8081", "topic", "copy")))).isNull();
        assertThat(RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, source), spec(KafkaSinkConnector.TYPE,
                Map.of("format", "avro", "schema.registry.url", "http://registry:8081", "topic", "other"))))
                .isEqualTo("the subjects differ");
        assertThat(RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, source), spec(KafkaSinkConnector.TYPE,
                Map.of("format", "avro", "schema.registry.url", "http://elsewhere:8081", "topic", "copy"))))
                .isEqualTo("the schema registries differ");
        assertThat(RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, source), spec(KafkaSinkConnector.TYPE,
                Map.of("format", "avro", "schema.registry.url", "http://registry:8081", "topic", "copy",
                        "subject.name.strategy", "record")))).isEqualTo("the sink registers a schema of its own");
        assertThat(RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, source), spec(KafkaSinkConnector.TYPE,
                Map.of("format", "avro", "topic", "copy", "avro.schema", SCHEMA_A))))
                .isEqualTo("only one side uses a schema registry");
    }

    @Test
    void onlyKafkaSourcesQualifyAndEveryOneMust() {
        EndpointSpec sink = spec(KafkaSinkConnector.TYPE, Map.of());
        EndpointSpec kafka = spec(KafkaSourceConnector.TYPE, Map.of());
        EndpointSpec file = new EndpointSpec("f", "file_source", Map.of(), null, null);
        assertThat(RawPassThrough.incompatibility(List.of(kafka), sink)).isNull();
        assertThat(RawPassThrough.incompatibility(List.of(kafka, file), sink)).isEqualTo("'f' is a file_source, not a kafka_source");
        assertThat(RawPassThrough.incompatibility(List.of(), sink)).isEqualTo("no sources");
        assertThat(RawPassThrough.incompatibility(spec(KafkaSourceConnector.TYPE, Map.of("format", "nope")), sink))
                .startsWith("cannot compare the options: ");
    }

    private static EndpointSpec spec(String type, Map<String, String> options) {
        return new EndpointSpec(type.equals(KafkaSourceConnector.TYPE) ? "in" : "out", type, options, null, null);
    }
}
