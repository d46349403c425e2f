package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file source's read-ahead thread and byte-level JSON lines (docs/formats.md#file-source). */
class ReadAheadTest {
    @TempDir
    Path dir;

    /** Reader threads alive before the test (other tests' business), left out of its checks. */
    private final List<Thread> before = readerThreadsAlive();

    @AfterEach
    void noReaderThreadIsLeft() {
        assertThat(readerThreads()).isEmpty();
    }

    private static List<Thread> readerThreadsAlive() {
        List<Thread> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(ReadAhead.THREAD_PREFIX) && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }

    private List<String> readerThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : readerThreadsAlive()) {
            if (!before.contains(t)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private DataReader open(String file, byte[] content, List<Object> events, List<StreamRecord> batch) throws IOException {
        Files.write(dir.resolve(file), content);
        // Each error is noted with the number of records handed out before it: their order as the job sees them.
        EndpointSpec spec = new EndpointSpec("src", "file_source", Map.of("path", file), dir,
                e -> events.add(batch.size() + " " + e.position() + " " + e.message()));
        return Connectors.builtIn().openReader(spec);
    }

    @Test
    void errorsMidFileAreReportedAmongTheRecordsInOrderWithTheirLines() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int line = 1; line <= 3000; line++) {
            b.append(line == 5 || line == 1500 || line == 3000 ? "{x" : "{\"n\":" + line + "}").append('\n');
        }
        List<Object> events = new ArrayList<>();
        List<StreamRecord> batch = new ArrayList<>();
        try (DataReader r = open("e.jsonl", b.toString().getBytes(StandardCharsets.UTF_8), events, batch)) {
            int reads = 1;
            while (r.read(batch, 100)) {
                reads++;
            }
            assertThat(reads).isEqualTo(30);
            assertThat(batch).hasSize(2997);
            assertThat(batch.get(4).offset()).isEqualTo(6L);
            assertThat(batch.get(1497).offset()).isEqualTo(1499L);
            assertThat(batch.get(1498).offset()).isEqualTo(1501L);
            assertThat(events).extracting(e -> String.valueOf(e).split(" malformed JSON: ")[0])
                    .containsExactly("4 e.jsonl:5", "1498 e.jsonl:1500", "2997 e.jsonl:3000");
            assertThat(events).allSatisfy(e -> assertThat(e).asString().endsWith("at column 2"));
        }
    }

    @Test
    void closeWhileTheThreadIsAheadStopsIt() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            b.append("{\"n\":").append(i).append("}\n");
        }
        List<StreamRecord> batch = new ArrayList<>();
        DataReader r = open("big.jsonl", b.toString().getBytes(StandardCharsets.UTF_8), new ArrayList<>(), batch);
        assertThat(r.read(batch, 10)).isTrue();
        assertThat(readerThreads()).containsExactly(ReadAhead.THREAD_PREFIX + "src");
        r.close();
        assertThat(readerThreads()).isEmpty();
        assertThat(batch).extracting(x -> x.value(0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void noThreadUntilTheFirstRead() throws Exception {
        try (DataReader r = open("one.jsonl", "{\"n\":1}\n".getBytes(StandardCharsets.UTF_8), new ArrayList<>(),
                new ArrayList<>())) {
            assertThat(r.schema().size()).isZero();
            assertThat(readerThreads()).isEmpty();
        }
    }

    /** A reader failing after its first batch, as a disk error would. */
    private static final class FailingFile extends FileReaderBase {
        private final Schema schema = Schema.of("n");
        private int reads;

        FailingFile(EndpointSpec spec, io.velostream.engine.record.RecordErrorHandler errors) {
            super(spec, Path.of("f.jsonl"), errors);
        }

        @Override
        Schema schema() {
            return schema;
        }

        @Override
        boolean read(List<StreamRecord> batch, int max) throws IOException {
            if (reads++ == 0) {
                batch.add(record(schema, new Object[] {1L}, 0, 1));
                error(2, "bad line", "x", null);
                batch.add(record(schema, new Object[] {3L}, 0, 3));
                return true;
            }
            throw new IOException("disk gone");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFailureOfTheReadingThreadSurfacesAtTheReadAfterTheRecordsBeforeIt() throws Exception {
        List<RecordError> errors = new ArrayList<>();
        EndpointSpec spec = new EndpointSpec("src", "file_source", Map.of(), dir, errors::add);
        try (ReadAhead r = new ReadAhead("src", errors::add, e -> new FailingFile(spec, e))) {
            List<StreamRecord> batch = new ArrayList<>();
            assertThat(r.read(batch, 10)).isTrue();
            assertThat(batch).extracting(StreamRecord::offset).containsExactly(1L, 3L);
            assertThat(errors).extracting(e -> e.position().toString()).containsExactly("f.jsonl:2");
            assertThatThrownBy(() -> r.read(batch, 10)).isInstanceOf(IOException.class).hasMessage("disk gone");
            assertThat(r.read(batch, 10)).isFalse();
        }
    }

    @Test
    void linesAcrossTheReadBufferLongLinesCrLfAndNonAsciiText() throws Exception {
        StringBuilder b = new StringBuilder();
        String longText = "y".repeat(100_000);
        int n = 3000;
        for (int i = 0; i < n; i++) {
            b.append("{\"n\":").append(i).append(",\"s\":\"").append(i == 1000 ? longText : i % 7 == 0 ? "é中😀" : "ab")
                    .append("\"}").append(i % 2 == 0 ? "\r\n" : "\n");
        }
        List<StreamRecord> batch = new ArrayList<>();
        try (DataReader r = open("l.jsonl", b.toString().getBytes(StandardCharsets.UTF_8), new ArrayList<>(), batch)) {
            while (r.read(batch, 256)) {
                // keep reading
            }
        }
        assertThat(batch).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(batch.get(i).value(0)).isEqualTo((long) i);
            assertThat(batch.get(i).value(1)).isEqualTo(i == 1000 ? longText : i % 7 == 0 ? "é中😀" : "ab");
            assertThat(batch.get(i).offset()).isEqualTo(i + 1L);
        }
    }

    @Test
    void nonAsciiLinesReadAsDecodedText() throws Exception {
        byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'};
        byte[] accented = "{\"a\":\"é\",\"b\":x}\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[invalid.length + accented.length];
        System.arraycopy(invalid, 0, content, 0, invalid.length);
        System.arraycopy(accented, 0, content, invalid.length, accented.length);
        List<Object> events = new ArrayList<>();
        List<StreamRecord> batch = new ArrayList<>();
        try (DataReader r = open("u.jsonl", content, events, batch)) {
            while (r.read(batch, 10)) {
                // keep reading
            }
        }
        assertThat(batch).singleElement().satisfies(x -> assertThat(x.value(0)).isEqualTo("\uFFFD"));
        // Columns count characters, not bytes: 'x' is the 14th character and the 15th byte.
        assertThat(events).singleElement().asString().startsWith("1 u.jsonl:2 malformed JSON").endsWith("at column 14");
    }
}
