package io.velostream.engine.internal.io.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes records as JSON objects, one per line, fields in schema order (docs/formats.md#json): DECIMAL as a number
 * keeping its scale, TIMESTAMP as ISO-8601 UTC, DATE as ISO date, NaN/Infinity as null, INTERVAL
 * as milliseconds.
 */
public final class JsonEncoder implements RecordEncoder {
    private final JsonGenerator g;
    /** Field names of the last schema seen, pre-encoded so names are not escaped per record. */
    private Schema namesOf;
    private SerializedString[] names = new SerializedString[0];
    private static final int MAX_SCALE_IN_PLACE = 40;
    /** Sign, 19 digits of a long, point and leading zeros up to {@link #MAX_SCALE_IN_PLACE}. */
    private final char[] digits = new char[2 + 1 + 19 + MAX_SCALE_IN_PLACE];

    public JsonEncoder(OutputStream out) throws IOException {
        this.g = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        // Lines are separated by our own newline, not Jackson's default space between root values.
        g.setRootValueSeparator(null);
    }

    @Override
    public void encode(StreamRecord record) throws IOException {
        Schema schema = record.schema();
        int n = Math.min(record.width(), schema.size());
        if (schema != namesOf) {
            namesOf = schema;
            names = fieldNames(schema, new SerializedString[0]);
        } else if (names.length < n) {
            names = fieldNames(schema, names); // the schema grew
        }
        g.writeStartObject();
        for (int i = 0; i < n; i++) {
            g.writeFieldName(names[i]);
            Object v = record.value(i);
            if (v instanceof Decimal d && d.isCompact()) {
                writeCompact(d);
            } else {
                writeValue(g, v);
            }
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /**
     * A decimal in a long, written as {@link Decimal#toString} prints it but from a reused buffer:
     * that String (and its BigDecimal) would cost two objects per record.
     */
    private void writeCompact(Decimal d) throws IOException {
        long u = d.unscaledCompact();
        int scale = d.scale();
        if (scale < 0 || scale > MAX_SCALE_IN_PLACE || u == Long.MIN_VALUE) {
            g.writeNumber(d.toString());
            return;
        }
        boolean negative = u < 0;
        u = Math.abs(u);
        char[] c = digits;
        int i = c.length;
        for (int k = 0; k < scale; k++, u /= 10) {
            c[--i] = (char) ('0' + u % 10);
        }
        if (scale > 0) {
            c[--i] = '.';
        }
        do {
            c[--i] = (char) ('0' + u % 10);
            u /= 10;
        } while (u != 0);
        if (negative) {
            c[--i] = '-';
        }
        g.writeRawValue(c, i, c.length - i);
    }

    /** {@code known} extended to the schema's current fields. */
    private static SerializedString[] fieldNames(Schema schema, SerializedString[] known) {
        SerializedString[] result = Arrays.copyOf(known, schema.size());
        for (int i = known.length; i < result.length; i++) {
            result[i] = new SerializedString(schema.name(i));
        }
        return result;
    }

    @Override
    public void flush() throws IOException {
        g.flush();
    }

    /** Writes one value, nesting lists and maps. */
    public static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Decimal d) {
            g.writeNumber(d.toString());
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant || v instanceof LocalDate) {
            g.writeString(Values.toDisplayString(v));
        } else if (v instanceof Duration d) {
            g.writeNumber(d.toMillis());
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object e : list) {
                writeValue(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(v.toString());
        }
    }
}
