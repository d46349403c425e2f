package io.velostream.engine.fuzz;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The file source's CSV, JSON-lines and JSON-array readers on valid, mutated and random files
 * (docs/formats.md): opening succeeds or fails with an IOException or IllegalArgumentException
 * that names the source (a first record that cannot be read, duplicate header names); reading then
 * never throws: a record that cannot be decoded is a DECODE record error with a {@code file:line}
 * position, and reading goes on. A valid file reads without record errors, every row.
 */
class FileSourceFuzzTest {
    @TempDir
    Path dir;

    static String text(Random r) {
        String[] pieces = {"a", "é", "😀", "\"", "\\", ",", "'", " ", "中", "x y", "{", "}", "[", "]", "1", "-2.5", "true"};
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(5); i > 0; i--) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    static String csvField(Random r) {
        String v = switch (r.nextInt(5)) {
            case 0 -> "";
            case 1 -> Long.toString(r.nextLong());
            case 2 -> Double.toString(r.nextGaussian());
            case 3 -> "9".repeat(1 + r.nextInt(40));
            default -> text(r) + (r.nextInt(5) == 0 ? "\n" + text(r) : "");
        };
        return v.matches("[^,\"\\n\\r]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c == '"' || c == '\\' ? "\\" + c : c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }

    static String jsonObject(Random r) {
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String value = switch (r.nextInt(6)) {
                case 0 -> "null";
                case 1 -> Long.toString(r.nextLong());
                case 2 -> "1" + "0".repeat(r.nextInt(30)) + ".5e" + (r.nextInt(100) - 50);
                case 3 -> "[" + r.nextInt() + ", " + json(text(r)) + "]";
                case 4 -> "{\"in\": " + json(text(r)) + "}";
                default -> json(text(r));
            };
            fields.add(json("f" + r.nextInt(6)) + ": " + value);
        }
        return "{" + String.join(", ", fields) + "}";
    }

    /** A valid file of the format and its number of records. */
    record Valid(String content, int records) {
    }

    static Valid valid(Random r, String ext) {
        int n = 1 + r.nextInt(12);
        StringBuilder b = new StringBuilder();
        switch (ext) {
            case "csv" -> {
                int width = 1 + r.nextInt(5);
                List<String> header = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    header.add("c" + i);
                }
                b.append(String.join(",", header)).append(r.nextBoolean() ? "\n" : "\r\n");
                for (int k = 0; k < n; k++) {
                    List<String> row = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        row.add(csvField(r));
                    }
                    String line = String.join(",", row);
                    b.append(line.isEmpty() ? "\"\"" : line).append('\n');
                }
            }
            case "jsonl" -> {
                for (int k = 0; k < n; k++) {
                    b.append(jsonObject(r)).append('\n');
                }
            }
            default -> {
                List<String> objects = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    objects.add(jsonObject(r));
                }
                b.append("[\n").append(String.join(",\n", objects)).append("\n]\n");
            }
        }
        return new Valid(b.toString(), n);
    }

    static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        for (int e = 1 + r.nextInt(3); e > 0; e--) {
            int len = b.length;
            switch (r.nextInt(5)) {
                case 0 -> {
                    if (len > 0) {
                        b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> b = Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
                case 2 -> {
                    if (len > 0) {
                        b[r.nextInt(len)] = new byte[] {0, (byte) 0xff, (byte) 0xc3, '"', ',', '\n', '\r', '[', '{'}[r.nextInt(9)];
                    }
                }
                case 3 -> {
                    int at = len == 0 ? 0 : r.nextInt(len + 1);
                    byte[] ins = new byte[1 + r.nextInt(6)];
                    r.nextBytes(ins);
                    byte[] out = new byte[len + ins.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(ins, 0, out, at, ins.length);
                    System.arraycopy(b, at, out, at + ins.length, len - at);
                    b = out;
                }
                default -> {
                    if (len > 0) {
                        int from = r.nextInt(len);
                        int to = from + 1 + r.nextInt(len - from);
                        byte[] out = Arrays.copyOf(b, len + to - from);
                        System.arraycopy(b, from, out, to, len - from);
                        b = out;
                    }
                }
            }
        }
        return b;
    }

    /** Opens and reads the file; returns the records, or null when opening failed cleanly. */
    List<StreamRecord> readAll(long seed, String ext, byte[] content, List<RecordError> errors, String what) throws IOException {
        Path file = dir.resolve("in." + ext);
        Files.write(file, content);
        EndpointSpec spec = new EndpointSpec("src", "file_source", Map.of("path", file.getFileName().toString()), dir,
                errors::add);
        DataReader reader;
        try {
            reader = Connectors.builtIn().openReader(spec);
        } catch (IOException | IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains("'src'")) {
                fail("opening failed without naming the source: " + e + " (seed " + seed + ") on " + what);
            }
            return null;
        } catch (Throwable t) {
            fail("opening threw " + Fuzz.describe(t) + " (seed " + seed + ") on " + what);
            return null;
        }
        List<StreamRecord> out = new ArrayList<>();
        try (reader) {
            while (reader.read(out, 1 + (int) (seed & 7))) {
                // keep reading
            }
        } catch (Throwable t) {
            fail("reading threw " + Fuzz.describe(t) + " instead of record errors (seed " + seed + ") on " + what);
        }
        for (RecordError e : errors) {
            if (e.kind() != RecordError.Kind.DECODE || e.message() == null || e.position() == null
                    || !e.position().toString().startsWith("in." + ext + ":")) {
                fail("a record error without kind DECODE, message or file:line position: " + e + " (seed " + seed + ") on "
                        + what);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> csvJsonLinesAndJsonArrays() {
        long seed = Fuzz.seed(1314);
        return Stream.of("csv", "jsonl", "json").map(ext -> DynamicTest.dynamicTest(ext + " files (seed " + seed + ")",
                () -> Fuzz.bounded(Duration.ofSeconds(30), seed, ext + " files", () -> {
                    Random r = new Random(seed + ext.hashCode());
                    for (int i = 0; i < Fuzz.count(150); i++) {
                        Valid v = valid(r, ext);
                        byte[] bytes = v.content().getBytes(StandardCharsets.UTF_8);
                        List<RecordError> errors = new ArrayList<>();
                        String what = "valid " + ext + ": " + Fuzz.abbreviate(v.content());
                        List<StreamRecord> records = readAll(seed, ext, bytes, errors, what);
                        if (records == null || !errors.isEmpty() || records.size() != v.records()) {
                            fail("a valid file did not read " + v.records() + " records without errors: "
                                    + (records == null ? "open failed" : records.size() + " records, errors " + errors)
                                    + " (seed " + seed + ") on " + what);
                        }
                        byte[] mutated = mutate(r, bytes);
                        readAll(seed, ext, mutated, new ArrayList<>(), "mutated " + ext + ": " + Fuzz.hex(mutated));
                        byte[] random = new byte[r.nextInt(80)];
                        r.nextBytes(random);
                        readAll(seed, ext, random, new ArrayList<>(), "random " + ext + ": " + Fuzz.hex(random));
                    }
                    return null;
                })));
    }
}
