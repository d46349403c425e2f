package io.velostream.engine.internal.io.format;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvFormatTest {
    private static Object infer(String s) {
        return CsvDecoder.infer(s.toCharArray(), 0, s.length());
    }

    private static Object[] split(CsvDecoder d, String line) throws DecodeException {
        int n = d.split(line.toCharArray(), line.length(), true);
        assertThat(n).isPositive();
        return d.values(n);
    }

    @Test
    void infersIntegers() {
        assertThat(infer("42")).isEqualTo(42L);
        assertThat(infer("-7")).isEqualTo(-7L);
        assertThat(infer("+5")).isEqualTo(5L);
        assertThat(infer("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(infer("9223372036854775808")).isInstanceOf(Decimal.class).hasToString("9223372036854775808");
    }

    @Test
    void infersDecimalsKeepingScale() {
        assertThat(infer("449.98")).isInstanceOf(Decimal.class).hasToString("449.98");
        assertThat(infer("2.50")).hasToString("2.50");
        assertThat(((Decimal) infer("2.50")).scale()).isEqualTo(2);
        assertThat(infer("-0.5")).isEqualTo(Decimal.parse("-0.5"));
        assertThat(infer(".5")).isEqualTo(Decimal.parse("0.5"));
    }

    @Test
    void infersBooleansInAnyCase() {
        assertThat(infer("true")).isEqualTo(true);
        assertThat(infer("FALSE")).isEqualTo(false);
        assertThat(infer("True")).isEqualTo(true);
    }

    @Test
    void everythingElseIsAString() {
        assertThat(infer("abc")).isEqualTo("abc");
        assertThat(infer("1e5")).isEqualTo("1e5");
        assertThat(infer("1.2.3")).isEqualTo("1.2.3");
        assertThat(infer("5.")).isEqualTo("5.");
        assertThat(infer("-")).isEqualTo("-");
        assertThat(infer(" 12")).isEqualTo(" 12");
        assertThat(infer("truex")).isEqualTo("truex");
    }

    @Test
    void emptyIsNullAndQuotedEmptyIsEmptyString() throws Exception {
        assertThat(split(new CsvDecoder(','), "a,,\"\",")).containsExactly("a", null, "", null);
    }

    @Test
    void quotedFieldsKeepDelimitersQuotesAndNewlines() throws Exception {
        CsvDecoder d = new CsvDecoder(',');
        assertThat(split(d, "\"a,b\",\"say \"\"hi\"\"\",\"12\"")).containsExactly("a,b", "say \"hi\"", 12L);
        assertThat(d.split("\"open,".toCharArray(), 6, true)).isEqualTo(-1);
        assertThat(split(d, "\"line1\nline2\",x")).containsExactly("line1\nline2", "x");
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> new CsvDecoder(',').split("\"a\"b,c".toCharArray(), 6, true))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("after the closing quote of field 1 at column 4");
    }

    @Test
    void honoursTheDelimiterAndHeaderMode() throws Exception {
        CsvDecoder d = new CsvDecoder(';');
        assertThat(split(d, "1;a,b;2.0")).containsExactly(1L, "a,b", Decimal.parse("2.0"));
        assertThat(d.split("1;true".toCharArray(), 6, false)).isEqualTo(2);
        assertThat(d.values(2)).containsExactly("1", "true");
    }

    @Test
    void encodesHeaderOnceThenValuesInSlotOrder() throws Exception {
        Schema s = Schema.of("id", "note", "amount", "at", "missing");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvEncoder e = new CsvEncoder(out, ',', true);
        e.encode(StreamRecord.of(s, 0L, 1L, "a,b", Decimal.parse("2.50"), Instant.parse("2024-01-02T03:04:05Z"), null));
        e.encode(StreamRecord.of(s, 0L, 2L, "say \"hi\"", Decimal.parse("449.98"), null, ""));
        e.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("id,note,amount,at,missing\n"
                + "1,\"a,b\",2.50,2024-01-02T03:04:05Z,\n"
                + "2,\"say \"\"hi\"\"\",449.98,,\"\"\n");
    }

    @Test
    void encodesWithoutHeaderAndWithAnotherDelimiter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordEncoder e = Format.CSV_NO_HEADER.encoder(out, '\t', true);
        e.encode(StreamRecord.of(Schema.of("a", "b"), 0L, "x\ty", 3L));
        e.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"x\ty\"\t3\n");
    }

    @Test
    void formatsByNameAndExtension() {
        assertThat(Format.byName("CSV_NO_HEADER")).isEqualTo(Format.CSV_NO_HEADER);
        assertThat(Format.byName("xml")).isNull();
        assertThat(Format.byExtension(java.nio.file.Path.of("a/b.ndjson"))).isEqualTo(Format.JSONL);
        assertThat(Format.byExtension(java.nio.file.Path.of("a/b.JSON"))).isEqualTo(Format.JSON);
        assertThat(Format.byExtension(java.nio.file.Path.of("a/b.txt"))).isNull();
    }
}
