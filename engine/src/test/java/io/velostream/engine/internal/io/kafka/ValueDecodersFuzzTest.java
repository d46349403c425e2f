package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Kafka value decoders (JSON, CSV over io.format's JsonDecoder and CsvDecoder, Avro) on random
 * bytes and on mutated valid encodings (bit flips, truncation, insertion, duplication): each value
 * decodes or is a {@link DecodeException} (the reader turns it into a DECODE record error), never
 * another exception, never a hang. Valid encodings must decode. Part of the generated-input
 * tests of docs/reliability.md; the seed is {@code -Dvelostream.fuzz.seed}, as in io.velostream.engine.fuzz.
 */
class ValueDecodersFuzzTest {
    static final Schema AVRO = AvroFormat.parse("""
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "n", "type": "int"},
              {"name": "customer", "type": ["null", "string"]},
              {"name": "price", "type": "double"},
              {"name": "ratio", "type": "float"},
              {"name": "paid", "type": "boolean"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
              {"name": "fee", "type": {"type": "fixed", "name": "Fee", "size": 6, "logicalType": "decimal", "precision": 12, "scale": 3}},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "raw", "type": "bytes"},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "attrs", "type": {"type": "map", "values": ["null", "long"]}},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
              {"name": "addr", "type": {"type": "record", "name": "Addr", "fields": [{"name": "city", "type": "string"}]}},
              {"name": "either", "type": ["null", "long", "string"]}
            ]}""");
    /** The bound of one format's whole run (a hang names the value being decoded); generous, as CI machines may be loaded. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final java.util.concurrent.atomic.AtomicReference<byte[]> CURRENT = new java.util.concurrent.atomic.AtomicReference<>();

    static long seed(long fixed) {
        String s = System.getProperty("velostream.fuzz.seed");
        return s == null || s.isBlank() ? fixed : Long.parseLong(s.trim());
    }

    static int count(int n) {
        String s = System.getProperty("velostream.fuzz.scale");
        return s == null || s.isBlank() ? n : Math.max(1, (int) (n * Double.parseDouble(s.trim())));
    }

    // ---- valid encodings ----

    static String randomText(Random r) {
        String[] pieces = {"a", "é", "😀", "\"", "\\", ",", "\n", "'", " ", "\u0000", "中", "x y", "{", "}", "[", "]"};
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String jsonValue(Random r, int depth) {
        return switch (r.nextInt(depth > 2 ? 7 : 9)) {
            case 0 -> "null";
            case 1 -> Long.toString(r.nextLong());
            case 2 -> Double.toString(r.nextGaussian() * 1e6);
            case 3 -> r.nextBoolean() ? "true" : "false";
            case 4 -> jsonString(randomText(r));
            case 5 -> new BigDecimal(r.nextLong()).movePointLeft(r.nextInt(30)).toPlainString();
            case 6 -> "1" + "0".repeat(r.nextInt(40)) + (r.nextBoolean() ? "" : "e" + (r.nextInt(800) - 400));
            case 7 -> "[" + String.join(",", Stream.generate(() -> jsonValue(r, depth + 1)).limit(r.nextInt(4)).toList()) + "]";
            default -> jsonObject(r, depth + 1);
        };
    }

    static String jsonObject(Random r, int depth) {
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            fields.add(jsonString(r.nextInt(3) == 0 ? randomText(r) : "f" + r.nextInt(8)) + ":" + jsonValue(r, depth));
        }
        return "{" + String.join(",", fields) + "}";
    }

    static String csvField(Random r) {
        String v = switch (r.nextInt(6)) {
            case 0 -> "";
            case 1 -> Long.toString(r.nextLong());
            case 2 -> Double.toString(r.nextDouble() * 1000);
            case 3 -> r.nextBoolean() ? "TRUE" : "false";
            case 4 -> "9".repeat(1 + r.nextInt(40));
            default -> randomText(r);
        };
        return v.matches("[^,\"\\n\\r]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    static String csvLine(Random r, int width) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            fields.add(csvField(r));
        }
        return String.join(",", fields);
    }

    static byte[] avro(Random r) throws IOException {
        GenericData.Record rec = new GenericData.Record(AVRO);
        rec.put("id", r.nextLong());
        rec.put("n", r.nextInt());
        rec.put("customer", r.nextBoolean() ? null : randomText(r));
        rec.put("price", r.nextInt(10) == 0 ? Double.NaN : r.nextGaussian());
        rec.put("ratio", r.nextFloat());
        rec.put("paid", r.nextBoolean());
        Conversions.DecimalConversion dec = new Conversions.DecimalConversion();
        Schema amount = AVRO.getField("amount").schema();
        rec.put("amount", dec.toBytes(BigDecimal.valueOf(r.nextInt(), 2), amount, amount.getLogicalType()));
        Schema fee = AVRO.getField("fee").schema();
        rec.put("fee", dec.toFixed(BigDecimal.valueOf(r.nextInt(1_000_000), 3), fee, fee.getLogicalType()));
        rec.put("ts", r.nextLong() >> r.nextInt(64));
        rec.put("us", r.nextLong() >> r.nextInt(64));
        rec.put("day", r.nextInt(100_000) - 50_000);
        byte[] raw = new byte[r.nextInt(10)];
        r.nextBytes(raw);
        rec.put("raw", ByteBuffer.wrap(raw));
        rec.put("tags", Stream.generate(() -> randomText(r)).limit(r.nextInt(4)).toList());
        rec.put("attrs", r.nextBoolean() ? Map.of() : Map.of("k", r.nextLong(), "z", 0L));
        rec.put("kind", new GenericData.EnumSymbol(AVRO.getField("kind").schema(), r.nextBoolean() ? "A" : "B"));
        GenericData.Record addr = new GenericData.Record(AVRO.getField("addr").schema());
        addr.put("city", randomText(r));
        rec.put("addr", addr);
        rec.put("either", switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> r.nextLong();
            default -> randomText(r);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(AVRO).write(rec, enc);
        enc.flush();
        return out.toByteArray();
    }

    // ---- mutations ----

    static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int len = b.length;
            switch (r.nextInt(6)) {
                case 0 -> { // bit flip
                    if (len > 0) {
                        int i = r.nextInt(len);
                        b[i] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> b = java.util.Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len)); // truncate
                case 2 -> { // insert random bytes
                    int at = len == 0 ? 0 : r.nextInt(len + 1);
                    byte[] ins = new byte[1 + r.nextInt(4)];
                    r.nextBytes(ins);
                    b = splice(b, at, ins);
                }
                case 3 -> { // a byte set to an extreme
                    if (len > 0) {
                        b[r.nextInt(len)] = new byte[] {0, (byte) 0xff, (byte) 0x80, 0x7f, '"', ',', '\\', '{'}[r.nextInt(8)];
                    }
                }
                case 4 -> { // duplicate a range
                    if (len > 0) {
                        int from = r.nextInt(len);
                        int to = from + r.nextInt(len - from) + 1;
                        b = splice(b, from, java.util.Arrays.copyOfRange(b, from, to));
                    }
                }
                default -> { // a huge varint (Avro lengths) or a long digit run
                    int at = len == 0 ? 0 : r.nextInt(len + 1);
                    b = splice(b, at, r.nextBoolean() ? new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}
                            : "9".repeat(400).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    // ---- the property ----

    interface Valid {
        byte[] next(Random r) throws IOException;
    }

    /**
     * {@code n} valid values (that must decode), then {@code n} mutated ones and {@code n/2} random byte
     * strings (that must decode or throw DecodeException), through one decoder per format (decoders
     * keep scratch state across values, as a reader's does).
     */
    private static Stream<DynamicTest> property(String format, long seed, int n, Supplier<ValueDecoder> decoders, Valid valid) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(format + ": valid, mutated and random values (seed " + seed + ")", () ->
                assertTimeoutPreemptively(BOUND, () -> {
            Random r = new Random(seed);
            ValueDecoder decoder = decoders.get();
            List<byte[]> valids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] v = valid.next(r);
                valids.add(v);
                decode(format, seed, decoder, v, true);
            }
            for (int i = 0; i < n; i++) {
                decode(format, seed, decoder, mutate(r, valids.get(r.nextInt(valids.size()))), false);
            }
            for (int i = 0; i < n / 2; i++) {
                byte[] b = new byte[r.nextInt(64)];
                r.nextBytes(b);
                decode(format, seed, decoder, b, false);
            }
            // a tombstone and the empty value
            decode(format, seed, decoder, null, true);
            decode(format, seed, decoder, new byte[0], false);
        }, () -> format + ": hang (seed " + seed + ") on value: " + hex(CURRENT.get()))));
        return tests.stream();
    }

    static void decode(String format, long seed, ValueDecoder decoder, byte[] value, boolean mustDecode) {
        CURRENT.set(value);
        {
            try {
                Object[] values = decoder.decode(value);
                if (values == null) {
                    fail(format + " decoded to null (seed " + seed + "): " + hex(value));
                }
            } catch (DecodeException e) {
                if (mustDecode) {
                    fail(format + ": a valid value did not decode: " + e.getMessage() + " (seed " + seed + "): " + hex(value));
                }
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    fail(format + ": a DecodeException without a message (seed " + seed + "): " + hex(value));
                }
            } catch (Throwable t) {
                fail(format + " threw " + describe(t) + " instead of a DecodeException (seed " + seed + ") on value: "
                        + hex(value));
            }
        }
    }

    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, 10); i++) {
            b.append("\n\tat ").append(trace[i]);
        }
        return b.toString();
    }

    static String hex(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 300); i++) {
            b.append(String.format("%02x", bytes[i] & 0xff));
        }
        return (bytes.length > 300 ? b + "…" : b) + " (" + bytes.length + " bytes: "
                + new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?") + ")";
    }

    @TestFactory
    Stream<DynamicTest> json() {
        return property("json", seed(1305), count(800), ValueDecoders.JsonValues::new,
                r -> jsonObject(r, 0).getBytes(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> csvOpenSchema() {
        return property("csv", seed(1306), count(800), () -> new ValueDecoders.CsvValues(',', null),
                r -> csvLine(r, 1 + r.nextInt(6)).getBytes(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> csvFixedColumns() {
        return property("csv columns", seed(1307), count(600),
                () -> new ValueDecoders.CsvValues(';', List.of("a", "b", "c")),
                r -> csvLine(r, 3).replace(',', ';').getBytes(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> avro() {
        return property("avro", seed(1308), count(800), () -> new AvroFormat.Decoder(AVRO), ValueDecodersFuzzTest::avro);
    }
}
