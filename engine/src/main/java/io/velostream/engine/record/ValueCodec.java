package io.velostream.engine.record;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of run-time SQL values: a tag byte, then the payload. Exact for every type (DECIMAL
 * with its scale, TIMESTAMP, DATE, NULL, arrays, maps and structs): accumulator state and store
 * keys ({@link io.velostream.engine.function.aggregate.StateCodec}) and the {@code velostream} Kafka
 * format of repartition topics (docs/kafka.md#formats) are written with it.
 */
public final class ValueCodec {
    private static final int NULL = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int DECIMAL = 3;
    private static final int STRING = 4;
    private static final int BOOLEAN = 5;
    private static final int TIMESTAMP = 6;
    private static final int DATE = 7;
    private static final int ARRAY = 8;
    private static final int MAP = 9;
    private static final int INTERVAL = 10;

    private ValueCodec() {
    }

    public static void writeValue(DataOutput out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Decimal d) {
            out.writeByte(DECIMAL);
            BigDecimal b = d.toBigDecimal();
            out.writeInt(b.scale());
            writeBytes(out, b.unscaledValue().toByteArray());
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Instant t) {
            out.writeByte(TIMESTAMP);
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        } else if (v instanceof LocalDate d) {
            out.writeByte(DATE);
            out.writeLong(d.toEpochDay());
        } else if (v instanceof List<?> list) {
            out.writeByte(ARRAY);
            out.writeInt(list.size());
            for (Object e : list) {
                writeValue(out, e);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeValue(out, e.getKey());
                writeValue(out, e.getValue());
            }
        } else if (v instanceof Duration d) {
            out.writeByte(INTERVAL);
            out.writeLong(d.getSeconds());
            out.writeInt(d.getNano());
        } else {
            throw new IllegalArgumentException("not a SQL value: " + v.getClass().getName());
        }
    }

    public static Object readValue(DataInput in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case NULL: return null;
            case LONG: return in.readLong();
            case DOUBLE: return in.readDouble();
            case DECIMAL: {
                int scale = in.readInt();
                return Decimal.valueOf(new BigDecimal(new BigInteger(readBytes(in)), scale));
            }
            case STRING: return readString(in);
            case BOOLEAN: return in.readBoolean();
            case TIMESTAMP: return Instant.ofEpochSecond(in.readLong(), in.readInt());
            case DATE: return LocalDate.ofEpochDay(in.readLong());
            case ARRAY: {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in));
                }
                return list;
            }
            case MAP: {
                int n = in.readInt();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(readValue(in), readValue(in));
                }
                return map;
            }
            case INTERVAL: return Duration.ofSeconds(in.readLong(), in.readInt());
            default: throw new IOException("corrupt value: tag " + tag);
        }
    }

    /** Length-prefixed UTF-8 ({@link DataOutput#writeUTF} stops at 64 KB). */
    static void writeString(DataOutput out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInput in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
