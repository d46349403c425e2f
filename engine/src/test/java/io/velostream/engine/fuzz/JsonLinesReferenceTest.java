package io.velostream.engine.fuzz;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.internal.io.format.Json;
import io.velostream.engine.internal.io.format.JsonDecoder;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON-lines reader (one shared parser fed line after line, a parser of its own for a line it
 * cannot read whole) against a reference that parses every line on its own, on generated files
 * mixing valid objects with the lines that make the shared parser give up: malformed and
 * truncated objects, scalars, objects spread over lines, content after an object, trailing blanks,
 * CRLF, non-ASCII text, byte-level mutations. Same records (line, values), same error lines, the
 * reference's columns.
 */
class JsonLinesReferenceTest {
    @TempDir
    Path dir;

    static String line(Random r) {
        String object = FileSourceFuzzTest.jsonObject(r);
        return switch (r.nextInt(14)) {
            case 0 -> object.substring(0, r.nextInt(object.length() + 1)); // truncated
            case 1 -> object + (r.nextBoolean() ? " 5" : " {}"); // content after the object
            case 2 -> object.replace(", ", ",\n"); // spread over lines
            case 3 -> new String[] {"5", "\"s\"", "[1]", "null", "true", "-", "{\"a\": {\"b\": 1}", "{\"a\": {\"b\": 1}, ",
                    "{\"a\": [1, [2]", "{\"a\": [", "{\"a\": {\"b\": [1]}}}"}[r.nextInt(11)]; // ends inside a value
            case 4 -> object + "  "; // trailing blanks
            case 5 -> "  " + object; // leading blanks
            case 6 -> r.nextBoolean() ? "" : " \t";
            case 7 -> "{\"é\": \"ü\", \"f1\": 1}";
            case 8 -> object + "\r";
            case 9 -> new String(FileSourceFuzzTest.mutate(r, object.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.ISO_8859_1);
            default -> object;
        };
    }

    /** What reading lines one parser each gives: records as line → values by column, errors as lines. */
    record Read(Map<Long, Map<String, Object>> records, List<Long> errorLines, List<String> columns) {
    }

    static Read reference(byte[] content) throws IOException {
        JsonDecoder decoder = new JsonDecoder(Schema.open());
        Map<Long, Map<String, Object>> records = new LinkedHashMap<>();
        List<Long> errors = new ArrayList<>();
        int start = content.length >= 3 && content[0] == (byte) 0xEF && content[1] == (byte) 0xBB
                && content[2] == (byte) 0xBF ? 3 : 0;
        long lineNumber = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int len = end - start - (end > start && content[end - 1] == '\r' ? 1 : 0);
            String text = new String(content, start, len, StandardCharsets.UTF_8);
            lineNumber++;
            start = end + 1;
            if (text.chars().allMatch(Character::isWhitespace)) {
                continue;
            }
            try (JsonParser p = Json.FACTORY.createParser(text)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    errors.add(lineNumber);
                    continue;
                }
                Object[] values = decoder.decodeObject(p);
                if (p.nextToken() != null) {
                    errors.add(lineNumber);
                    continue;
                }
                records.put(lineNumber, byName(decoder.schema(), values));
            } catch (JsonProcessingException e) {
                errors.add(lineNumber);
            }
        }
        return new Read(records, errors, decoder.schema().names());
    }

    static Map<String, Object> byName(Schema schema, Object[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                m.put(schema.names().get(i), values[i]);
            }
        }
        return m;
    }

    Read read(byte[] content, int batch) throws IOException {
        Path file = dir.resolve("in.jsonl");
        Files.write(file, content);
        List<RecordError> errors = new ArrayList<>();
        EndpointSpec spec = new EndpointSpec("src", "file_source", Map.of("path", "in.jsonl"), dir, errors::add);
        List<StreamRecord> out = new ArrayList<>();
        Schema schema;
        try (DataReader reader = Connectors.builtIn().openReader(spec)) {
            while (reader.read(out, batch)) {
                // keep reading
            }
            schema = reader.schema();
        }
        Map<Long, Map<String, Object>> records = new LinkedHashMap<>();
        for (StreamRecord r : out) {
            Object[] values = new Object[r.width()];
            Arrays.setAll(values, r::value);
            records.put(r.offset(), byName(schema, values));
        }
        List<Long> errorLines = errors.stream()
                .map(e -> Long.parseLong(e.position().toString().substring("in.jsonl:".length()))).toList();
        return new Read(records, errorLines, schema.names());
    }

    @Test
    void readsWhatAParserPerLineReads() throws IOException {
        long seed = Fuzz.seed(1406);
        Random r = new Random(seed);
        for (int file = 0; file < Fuzz.count(300); file++) {
            StringBuilder b = new StringBuilder(r.nextInt(8) == 0 ? "\uFEFF" : "");
            for (int i = 1 + r.nextInt(20); i > 0; i--) {
                b.append(line(r)).append('\n');
            }
            if (r.nextBoolean()) {
                b.setLength(b.length() - 1); // no newline after the last line
            }
            byte[] content = b.toString().getBytes(StandardCharsets.UTF_8);
            Read expected = reference(content);
            Read actual = read(content, 1 + r.nextInt(7));
            String what = " (seed " + seed + ", file " + file + "):\n" + b;
            assertEquals(expected.records(), actual.records(), "records" + what);
            assertEquals(expected.errorLines(), actual.errorLines(), "error lines" + what);
            // A malformed line may add a column or not (the shared parser returns a field's name before it reads
            // its value, a parser per line both at once), and so move where a later line's column comes.
            assertTrue(actual.columns().containsAll(expected.columns()), "columns " + actual.columns() + what);
        }
    }
}
