package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Format {@code velostream}: every SQL value comes back exactly as it was written (docs/kafka.md#formats). */
class RowFormatTest {
    private final RowFormat.Encoder encoder = new RowFormat.Encoder();
    private final RowFormat.Decoder decoder = new RowFormat.Decoder();

    @Test
    void everySqlTypeRoundTripsExactly() throws Exception {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("street", "Main St");
        struct.put("no", 12L);
        struct.put("geo", Map.of("lat", Decimal.parse("51.50")));
        Schema schema = Schema.of(List.of("i", "f", "money", "whole", "s", "b", "ts", "d", "arr", "m", "nothing"),
                List.of(SqlType.INTEGER, SqlType.FLOAT, SqlType.DECIMAL, SqlType.DECIMAL, SqlType.STRING, SqlType.BOOLEAN,
                        SqlType.TIMESTAMP, SqlType.DATE, SqlType.ARRAY, SqlType.STRUCT, SqlType.STRING));
        Object[] values = {Long.MIN_VALUE, -0.1, Decimal.parse("449.90"), Decimal.parse("5"), "naïve ✓", true,
                Instant.parse("2024-03-02T10:15:30.123Z"), LocalDate.of(1999, 12, 31),
                Arrays.asList(1L, null, "x"), struct, null};

        Object[] decoded = decoder.decode(encoder.encode(StreamRecord.of(schema, 0L, values)));

        assertThat(decoder.schema().names()).containsExactlyElementsOf(schema.names());
        assertThat(decoded).containsExactly(values);
        assertThat(((Decimal) decoded[2]).toBigDecimal()).as("scale kept").isEqualTo(new BigDecimal("449.90"));
        assertThat(((Decimal) decoded[3]).toBigDecimal()).as("scale kept").isEqualTo(new BigDecimal("5"));
        assertThat(List.copyOf(((Map<?, ?>) decoded[9]).keySet())).as("field order kept").isEqualTo(List.of("street", "no", "geo"));
    }

    @Test
    void columnsAreFoundByNameWhateverTheirPositionInEachRow() throws Exception {
        Schema ab = Schema.of("a", "b");
        Schema ba = Schema.of("b", "a");
        Object[] first = decoder.decode(encoder.encode(StreamRecord.of(ab, 0L, 1L, "one")));
        Object[] second = decoder.decode(encoder.encode(StreamRecord.of(ba, 0L, "two", 2L)));
        int a = decoder.schema().slotOf("a");
        int b = decoder.schema().slotOf("b");
        assertThat(first[a]).isEqualTo(1L);
        assertThat(first[b]).isEqualTo("one");
        assertThat(second[a]).isEqualTo(2L);
        assertThat(second[b]).isEqualTo("two");
        assertThat(decoder.decode(null)).as("a tombstone").isEmpty();
    }

    @Test
    void aValueOfAnotherFormatIsADecodeError() {
        assertThatThrownBy(() -> decoder.decode("{\"a\":1}".getBytes())).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("not a velostream row");
    }
}
