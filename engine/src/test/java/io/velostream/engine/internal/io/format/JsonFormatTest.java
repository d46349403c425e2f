package io.velostream.engine.internal.io.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFormatTest {
    private final Schema schema = Schema.open();
    private final JsonDecoder decoder = new JsonDecoder(schema);

    private Object[] decode(String json) throws Exception {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            return decoder.decodeObject(p);
        }
    }

    private static String encode(StreamRecord... records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = new JsonEncoder(out);
        for (StreamRecord r : records) {
            encoder.encode(r);
        }
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void decodesEveryValueType() throws Exception {
        Object[] v = decode("{\"i\": 42, \"d\": 449.98, \"s\": 2.50, \"e\": 1.5e3, \"big\": 123456789012345678901234,"
                + " \"str\": \"hi\", \"t\": true, \"f\": false, \"n\": null, \"neg\": -7}");
        assertThat(schema.names()).containsExactly("i", "d", "s", "e", "big", "str", "t", "f", "n", "neg");
        assertThat(v[0]).isEqualTo(42L);
        assertThat(v[1]).isInstanceOf(Decimal.class).hasToString("449.98");
        assertThat(((Decimal) v[2]).scale()).isEqualTo(2);
        assertThat(v[2]).hasToString("2.50");
        assertThat(v[3]).isEqualTo(1500.0d);
        assertThat(v[4]).isInstanceOf(Decimal.class).hasToString("123456789012345678901234");
        assertThat(v[5]).isEqualTo("hi");
        assertThat(v[6]).isEqualTo(true);
        assertThat(v[7]).isEqualTo(false);
        assertThat(v[8]).isNull();
        assertThat(v[9]).isEqualTo(-7L);
    }

    @Test
    void decodesNestedArraysAndObjects() throws Exception {
        Object[] v = decode("{\"items\": [1, 2.5, \"x\", [true]], \"addr\": {\"city\": \"Oslo\", \"geo\": {\"lat\": 59.91}}}");
        assertThat(v[0]).isEqualTo(List.of(1L, Decimal.parse("2.5"), "x", List.of(true)));
        assertThat(v[1]).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> addr = (Map<String, Object>) v[1];
        assertThat(addr.keySet()).containsExactly("city", "geo");
        assertThat(addr.get("geo")).isEqualTo(Map.of("lat", Decimal.parse("59.91")));
    }

    @Test
    void schemaGrowsAcrossRecordsAndSlotsNeverMove() throws Exception {
        Object[] first = decode("{\"a\": 1, \"b\": 2}");
        Object[] second = decode("{\"c\": 3, \"a\": 4}");
        Object[] third = decode("{\"b\": 5}");
        assertThat(schema.names()).containsExactly("a", "b", "c");
        assertThat(first).containsExactly(1L, 2L);
        assertThat(second).containsExactly(4L, null, 3L);
        assertThat(third).containsExactly(null, 5L);
    }

    @Test
    void aFailedDecodeLeavesNothingForTheNextRecord() throws Exception {
        assertThatThrownBy(() -> decode("{\"a\": 1, \"b\": x}")).isInstanceOf(java.io.IOException.class);
        assertThat(decode("{\"b\": 2}")).containsExactly(null, 2L);
    }

    @Test
    void rejectsAClosedSchema() {
        assertThatThrownBy(() -> new JsonDecoder(Schema.of("a"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesValuesInSchemaOrder() throws Exception {
        Schema s = Schema.of("id", "price", "at", "day", "ratio", "bad", "tags", "meta", "gap", "none", "ok");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("k", Decimal.parse("1.10"));
        meta.put("n", null);
        StreamRecord r = StreamRecord.of(s, 0L, 7L, Decimal.parse("2.50"), Instant.parse("2024-01-02T03:04:05.678Z"),
                LocalDate.of(2024, 1, 2), 0.5d, Double.NaN, List.of(1L, "a"), meta, Duration.ofSeconds(5), null, true);
        assertThat(encode(r)).isEqualTo("{\"id\":7,\"price\":2.50,\"at\":\"2024-01-02T03:04:05.678Z\",\"day\":\"2024-01-02\","
                + "\"ratio\":0.5,\"bad\":null,\"tags\":[1,\"a\"],\"meta\":{\"k\":1.10,\"n\":null},\"gap\":5000,"
                + "\"none\":null,\"ok\":true}\n");
    }

    @Test
    void infinityIsNullAndOneObjectPerLine() throws Exception {
        Schema s = Schema.of("x");
        assertThat(encode(StreamRecord.of(s, 0L, Double.POSITIVE_INFINITY), StreamRecord.of(s, 0L, 1L)))
                .isEqualTo("{\"x\":null}\n{\"x\":1}\n");
    }

    @Test
    void roundTripKeepsValuesAndScale() throws Exception {
        Object[] v = decode("{\"id\":1,\"amount\":449.98,\"qty\":2.50,\"tags\":[\"a\",{\"b\":false}],\"note\":null}");
        String out = encode(new StreamRecord(schema, v, null, 0, 0, null, -1, -1, null));
        assertThat(out).isEqualTo("{\"id\":1,\"amount\":449.98,\"qty\":2.50,\"tags\":[\"a\",{\"b\":false}],\"note\":null}\n");
    }

    @Test
    void encodesOnlyTheSlotsARecordCarriesAndFollowsAGrowingSchema() throws Exception {
        Schema open = Schema.open();
        open.add("a", io.velostream.engine.record.SqlType.ANY);
        StreamRecord narrow = new StreamRecord(open, new Object[]{1L}, null, 0, 0, null, -1, -1, null);
        String first = encode(narrow);
        open.add("b", io.velostream.engine.record.SqlType.ANY);
        StreamRecord wide = new StreamRecord(open, new Object[]{2L, 3L}, null, 0, 0, null, -1, -1, null);
        assertThat(first).isEqualTo("{\"a\":1}\n");
        assertThat(encode(narrow, wide)).isEqualTo("{\"a\":1}\n{\"a\":2,\"b\":3}\n");
    }
}
