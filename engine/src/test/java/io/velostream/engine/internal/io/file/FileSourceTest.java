package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.Endpoints;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourceTest {
    @TempDir
    Path dir;
    Endpoints endpoints;
    final Connectors connectors = Connectors.builtIn();

    private DataReader open(String name, String file, String content, String... options) throws IOException {
        Files.writeString(dir.resolve(file), content);
        endpoints = new Endpoints(dir);
        String[] all = new String[options.length + 2];
        all[0] = "path";
        all[1] = file;
        System.arraycopy(options, 0, all, 2, options.length);
        return connectors.openReader(endpoints.spec(name, "file_source", all));
    }

    private static List<StreamRecord> readAll(DataReader reader) throws IOException {
        List<StreamRecord> out = new ArrayList<>();
        while (reader.read(out, 100)) {
            // keep reading
        }
        return out;
    }

    @Test
    void readsCsvWithHeaderAndInferredTypes() throws Exception {
        try (DataReader r = open("orders", "orders.csv", "id,item,price,paid,note\n1,Widget,449.98,true,\n2,\"Gadget, large\",2.50,FALSE,x\n")) {
            assertThat(r.schema().names()).containsExactly("id", "item", "price", "paid", "note");
            assertThat(r.schema().isClosed()).isTrue();
            List<StreamRecord> records = readAll(r);
            assertThat(records).hasSize(2);
            StreamRecord first = records.get(0);
            assertThat(first.value(0)).isEqualTo(1L);
            assertThat(first.value(1)).isEqualTo("Widget");
            assertThat(first.value(2)).isInstanceOf(Decimal.class).hasToString("449.98");
            assertThat(first.value(3)).isEqualTo(true);
            assertThat(first.value(4)).isNull();
            assertThat(records.get(1).value(1)).isEqualTo("Gadget, large");
            assertThat(records.get(1).value(2)).hasToString("2.50");
        }
    }

    @Test
    void recordsCarrySourceMetadata() throws Exception {
        long before = System.currentTimeMillis();
        try (DataReader r = open("orders", "orders.csv", "id\n1\n\n2\n")) {
            List<StreamRecord> records = readAll(r);
            StreamRecord second = records.get(1);
            assertThat(second.topic()).isEqualTo("orders.csv");
            assertThat(second.partition()).isEqualTo(StreamRecord.NO_PARTITION);
            assertThat(second.offset()).isEqualTo(4L); // line 4: blank line 3 skipped
            assertThat(records.get(0).offset()).isEqualTo(2L);
            assertThat(second.timestamp()).isBetween(before, System.currentTimeMillis());
            assertThat(second.eventTime()).isEqualTo(second.timestamp());
            assertThat(second.key()).isNull();
            assertThat(second.headers().isEmpty()).isTrue();
        }
    }

    @Test
    void noHeaderNamesColumnsByPosition() throws Exception {
        try (DataReader r = open("t", "data.csv", "1;a\n2;b\n", "format", "csv_no_header", "delimiter", ";")) {
            assertThat(r.schema().names()).containsExactly("column1", "column2");
            List<StreamRecord> records = readAll(r);
            assertThat(records).extracting(x -> x.value(0)).containsExactly(1L, 2L);
            assertThat(records.get(0).offset()).isEqualTo(1L);
        }
        try (DataReader r = open("t", "data2.csv", "x,y\n", "has_headers", "false")) {
            assertThat(r.schema().names()).containsExactly("column1", "column2");
            assertThat(readAll(r)).hasSize(1);
        }
    }

    @Test
    void wrongFieldCountIsARecordErrorAndReadingContinues() throws Exception {
        try (DataReader r = open("orders", "name.csv", "a,b\n1,2\n3\n4,5\n6,7,8\n")) {
            List<StreamRecord> records = readAll(r);
            assertThat(records).extracting(x -> x.value(0)).containsExactly(1L, 4L);
            assertThat(endpoints.errors).hasSize(2);
            RecordError e = endpoints.errors.get(0);
            assertThat(e.source()).isEqualTo("orders");
            assertThat(e.position()).hasToString("name.csv:3");
            assertThat(e.message()).isEqualTo("expected 2 fields but found 1");
            assertThat(e.raw()).isEqualTo("3");
            assertThat(endpoints.errors.get(1).position()).hasToString("name.csv:5");
            assertThat(endpoints.errors.get(1).message()).isEqualTo("expected 2 fields but found 3");
        }
    }

    @Test
    void quotedNewlineSpansLinesAndOffsetsAreTheStartLine() throws Exception {
        try (DataReader r = open("t", "q.csv", "id,text\r\n1,\"two\r\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n")) {
            List<StreamRecord> records = readAll(r);
            assertThat(records).extracting(x -> x.value(1)).containsExactly("two\nlines", "say \"hi\"");
            assertThat(records).extracting(StreamRecord::offset).containsExactly(2L, 4L);
        }
    }

    @Test
    void unterminatedQuoteIsARecordErrorAtItsStartLine() throws Exception {
        try (DataReader r = open("t", "u.csv", "a,b\n1,2\n3,\"open\n4,5\n")) {
            assertThat(readAll(r)).hasSize(1);
            assertThat(endpoints.errors).singleElement().satisfies(e -> {
                assertThat(e.position()).hasToString("u.csv:3");
                assertThat(e.message()).contains("unterminated quoted field");
            });
        }
    }

    @Test
    void aThrowingErrorHandlerStopsTheRead() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "a,b\n1\n");
        var spec = new io.velostream.engine.io.EndpointSpec("t", "file_source", java.util.Map.of("path", "bad.csv"), dir,
                e -> {
                    throw new IllegalStateException("fail: " + e);
                });
        try (DataReader r = connectors.openReader(spec)) {
            assertThatThrownBy(() -> r.read(new ArrayList<>(), 10)).hasMessage("fail: bad.csv:2: expected 2 fields but found 1");
        }
    }

    @Test
    void batchMaxIsHonouredAndEndOfInputComesWithTheLastRecords() throws Exception {
        try (DataReader r = open("t", "five.csv", "n\n1\n2\n3\n4\n5\n")) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(r.read(batch, 2)).isTrue();
            assertThat(batch).hasSize(2);
            assertThat(r.read(batch, 2)).isTrue();
            assertThat(batch).hasSize(4);
            assertThat(r.read(batch, 2)).isFalse();
            assertThat(batch).extracting(x -> x.value(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        try (DataReader r = open("t", "four.jsonl", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n")) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(r.read(batch, 2)).isTrue();
            assertThat(r.read(batch, 2)).isFalse();
            assertThat(batch).hasSize(4);
        }
        try (DataReader r = open("t", "four.json", "[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4}]")) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(r.read(batch, 2)).isTrue();
            assertThat(r.read(batch, 2)).isFalse();
            assertThat(batch).hasSize(4);
        }
    }

    @Test
    void emptyFilesEndAtOnce() throws Exception {
        try (DataReader r = open("t", "empty.csv", "")) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(r.read(batch, 10)).isFalse();
            assertThat(batch).isEmpty();
            assertThat(r.schema().size()).isZero();
        }
        try (DataReader r = open("t", "empty.json", "[]")) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(r.read(batch, 10)).isFalse();
            assertThat(batch).isEmpty();
        }
    }

    @Test
    void jsonLinesGrowTheSchemaAndKeepDecimals() throws Exception {
        try (DataReader r = open("orders", "o.jsonl", "{\"id\":1,\"amount\":449.98}\n\n{\"id\":2,\"customer\":{\"name\":\"Ann\"}}\n")) {
            List<StreamRecord> records = readAll(r);
            assertThat(r.schema().names()).containsExactly("id", "amount", "customer");
            assertThat(r.schema().isClosed()).isFalse();
            assertThat(records.get(0).value(1)).hasToString("449.98");
            assertThat(records.get(0).value(2)).isNull();
            assertThat(records.get(1).value(2)).isEqualTo(java.util.Map.of("name", "Ann"));
            assertThat(records).extracting(StreamRecord::offset).containsExactly(1L, 3L);
            assertThat(records.get(1).schema()).isSameAs(r.schema());
        }
    }

    @Test
    void jsonFormatDetectsArrayOrLines() throws Exception {
        try (DataReader r = open("t", "arr.json", "\uFEFF \n[\n {\"a\": 1},\n {\"a\": 2.50}\n]\n")) {
            List<StreamRecord> records = readAll(r);
            assertThat(records).extracting(x -> x.value(0)).containsExactly(1L, Decimal.parse("2.50"));
            assertThat(records).extracting(StreamRecord::offset).containsExactly(1L, 2L);
        }
        try (DataReader r = open("t", "lines.json", "{\"a\": 1}\n{\"a\": 2}\n")) {
            assertThat(readAll(r)).extracting(StreamRecord::offset).containsExactly(1L, 2L);
        }
    }

    @Test
    void malformedJsonLineIsARecordErrorAndTheNextLineReads() throws Exception {
        try (DataReader r = open("orders", "orders.jsonl", "{\"a\":1}\n{x\n[1]\n{\"a\":2} 3\n{\"a\":4}\n")) {
            assertThat(readAll(r)).extracting(x -> x.value(0)).containsExactly(1L, 4L);
            assertThat(endpoints.errors).extracting(e -> e.position().toString())
                    .containsExactly("orders.jsonl:2", "orders.jsonl:3", "orders.jsonl:4");
            RecordError malformed = endpoints.errors.get(0);
            assertThat(malformed.message()).startsWith("malformed JSON: Unexpected character ('x'").endsWith("at column 2");
            assertThat(malformed.raw()).isEqualTo("{x");
            assertThat(malformed.source()).isEqualTo("orders");
            assertThat(endpoints.errors.get(1).message()).isEqualTo("expected a JSON object but found an array");
            assertThat(endpoints.errors.get(2).message()).isEqualTo("unexpected content after the JSON object at column 9");
        }
    }

    @Test
    void jsonArraySkipsNonObjectsAndStopsAtMalformedJson() throws Exception {
        try (DataReader r = open("t", "a.json", "[{\"a\":1},\n[2],\n{\"a\":3},\n{\"a\":x}, {\"a\":5}]")) {
            assertThat(readAll(r)).extracting(x -> x.value(0)).containsExactly(1L, 3L);
            assertThat(endpoints.errors).hasSize(2);
            assertThat(endpoints.errors.get(0).position()).hasToString("a.json:2");
            assertThat(endpoints.errors.get(0).message()).isEqualTo("expected a JSON object as array element 2 but found an array");
            assertThat(endpoints.errors.get(1).position()).hasToString("a.json:4");
            assertThat(endpoints.errors.get(1).message()).startsWith("malformed JSON:");
        }
    }

    @Test
    void missingFileIsAClearErrorWhenOpening() {
        endpoints = new Endpoints(dir);
        assertThatThrownBy(() -> connectors.openReader(endpoints.spec("orders", "file_source", "path", "nope/orders.csv")))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("file source 'orders': file not found: " + dir.resolve("nope/orders.csv").toAbsolutePath());
    }

    @Test
    void formatMustBeKnownOrInferable() {
        endpoints = new Endpoints(dir);
        assertThatThrownBy(() -> connectors.openReader(endpoints.spec("t", "file_source", "path", "x.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file_source 't': cannot infer the format of 'x.txt'; set 'format' to one of csv, csv_no_header, json, jsonl");
        assertThatThrownBy(() -> connectors.openReader(endpoints.spec("t", "file_source", "path", "x.csv", "format", "xml")))
                .hasMessageContaining("unknown format 'xml'");
        assertThatThrownBy(() -> connectors.openReader(endpoints.spec("t", "file_source", "path", "x.csv", "delimiter", ";;")))
                .hasMessageContaining("option 'delimiter' must be a single character");
        assertThatThrownBy(() -> connectors.openReader(endpoints.spec("t", "file_source")))
                .hasMessage("file_source 't': option 'path' is required");
    }

    @Test
    void duplicateHeaderNamesAreRejected() {
        assertThatThrownBy(() -> open("t", "dup.csv", "a,b,a\n1,2,3\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate column names");
    }
}
