package io.velostream.engine.internal.io.file;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.internal.io.format.EncodingWriter;
import io.velostream.engine.internal.io.format.Format;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.Endpoints;
import io.velostream.engine.io.WriteBehindSink;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file sink's writing thread ({@link WriteBehind}, docs/formats.md#file-sink-and-stdout): the
 * file is byte for byte what writing on the job's thread gives, a failure of the thread reaches
 * the job and stops writing, a flush waits for what was handed over, and close writes it all.
 */
class WriteBehindTest {
    @TempDir
    Path dir;
    private final Schema schema = Schema.of("id", "name", "amount");

    /** Generated records in batches of random sizes (fixed seed), one list reused as a job reuses its batch. */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv"})
    void theFileIsWhatWritingOnTheJobsThreadGives(String format) throws IOException {
        for (boolean wait : new boolean[] {true, false}) {
            Path direct = dir.resolve("direct-" + wait + "." + format);
            Path behind = dir.resolve("behind-" + wait + "." + format);
            Random r = new Random(1404);
            try (DataWriter d = encoding(direct, format); WriteBehind b = new WriteBehind("out", encoding(behind, format))) {
                if (!wait) {
                    b.flushWithoutWaiting();
                }
                List<StreamRecord> batch = new ArrayList<>();
                int id = 0;
                for (int n = 0; n < 300; n++) {
                    batch.clear();
                    for (int i = r.nextInt(50); i > 0; i--) {
                        batch.add(StreamRecord.of(schema, 0L, (long) id++, r.nextBoolean() ? null : "n,\"" + r.nextInt(),
                                Decimal.parse(r.nextInt(100_000) + "." + r.nextInt(100))));
                    }
                    d.write(batch);
                    b.write(batch);
                    if (r.nextInt(5) == 0) {
                        d.flush();
                        b.flush();
                    }
                }
            }
            assertThat(Files.size(behind)).isGreaterThan(10_000);
            assertThat(Files.readAllBytes(behind)).as("waiting on flush: %s", wait).isEqualTo(Files.readAllBytes(direct));
        }
    }

    @Test
    void aFlushReturnsOnceEverythingHandedOverIsWrittenAndFlushed() throws IOException {
        Recording file = new Recording(-1);
        try (WriteBehind b = new WriteBehind("out", file)) {
            for (int i = 0; i < 20; i++) {
                b.write(List.of(StreamRecord.of(schema, 0L, (long) i, null, null)));
            }
            b.flush();
            synchronized (file) {
                assertThat(file.written).hasSize(20);
                assertThat(file.events).endsWith("flush");
            }
        }
    }

    @Test
    void aFailureOfTheWritingThreadReachesTheJobAndNothingIsWrittenAfterIt() throws IOException {
        Recording file = new Recording(3);
        WriteBehind b = new WriteBehind("out", file);
        b.flushWithoutWaiting();
        for (int i = 0; i < 3; i++) {
            b.write(List.of(StreamRecord.of(schema, 0L, (long) i, null, null)));
        }
        // The fourth batch fails on the writing thread: a later call, at the latest close, throws its exception.
        b.write(List.of(StreamRecord.of(schema, 0L, 3L, null, null)));
        IOException seen = null;
        for (int i = 4; i < 100 && seen == null; i++) {
            try {
                b.write(List.of(StreamRecord.of(schema, 0L, (long) i, null, null)));
                b.flush();
            } catch (IOException e) {
                seen = e;
            }
        }
        IOException failure = seen;
        assertThatThrownBy(b::close).isInstanceOf(IOException.class).hasMessage("disk error at batch 3")
                .satisfies(e -> assertThat(failure == null || failure == e).isTrue());
        synchronized (file) {
            assertThat(file.written).extracting(rec -> rec.value(0)).containsExactly(0L, 1L, 2L);
            assertThat(file.events).as("closed after the failure, nothing written after it").endsWith("close");
        }
        assertThat(writingThreads()).as("the writing thread ended").isZero();
    }

    @Test
    void closeWritesEverythingHandedOverWithoutAFlush() throws IOException {
        Recording file = new Recording(-1);
        WriteBehind b = new WriteBehind("out", file);
        b.flushWithoutWaiting();
        for (int i = 0; i < 50; i++) {
            b.write(List.of(StreamRecord.of(schema, 0L, (long) i, null, null)));
        }
        b.close();
        assertThat(file.written).hasSize(50);
        assertThat(file.events).endsWith("close");
        assertThat(writingThreads()).isZero();
    }

    @Test
    void aJobReadingOnlyFilesWritesItsWholeOutput() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            in.append("{\"id\":").append(i).append(",\"v\":\"x").append(i % 7).append("\"}\n");
        }
        Files.writeString(dir.resolve("in.jsonl"), in);
        String sql = """
                CREATE STREAM copy AS SELECT * FROM src
                WITH ('src.type' = 'file_source', 'src.path' = 'in.jsonl', 'batch.size' = '100',
                      'copy.type' = 'file_sink', 'copy.path' = 'out.jsonl')""";
        new ApplicationRunner().runAll(ApplicationCompiler.withBuiltins().prepare(sql,
                new ApplicationCompiler.Options(dir, "app.sql", Map.of())));
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo(in.toString());
        assertThat(writingThreads()).isZero();

        DataWriter opened = Connectors.builtIn().openWriter(new Endpoints(dir).spec("out", "file_sink", "path", "x.jsonl"));
        assertThat(opened).isInstanceOf(WriteBehindSink.class);
        opened.close();
    }

    @Test
    void aPathThatCannotBeWrittenFailsWhenOpening() throws IOException {
        Files.writeString(dir.resolve("plain"), "a file, not a folder");
        assertThatThrownBy(() -> Connectors.builtIn().openWriter(new Endpoints(dir).spec("out", "file_sink", "path",
                "plain/out.jsonl"))).isInstanceOf(IOException.class);
    }

    private DataWriter encoding(Path path, String format) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        Format f = Format.of(new Endpoints(dir).spec("out", "file_sink", "path", path.toString(), "format", format), path, null);
        return new EncodingWriter(f.encoder(out, ',', true), out, true);
    }

    private static long writingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(WriteBehind.THREAD_PREFIX) && t.isAlive()).count();
    }

    /** Records what it is asked to do; fails the batch numbered {@code failAt} (from 0), or never with -1. */
    private static final class Recording implements DataWriter {
        final List<StreamRecord> written = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        private final int failAt;
        private int batches;

        Recording(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public synchronized void write(List<StreamRecord> batch) throws IOException {
            if (batches++ == failAt) {
                throw new IOException("disk error at batch " + failAt);
            }
            written.addAll(batch);
            events.add("write");
        }

        @Override
        public synchronized void flush() {
            events.add("flush");
        }

        @Override
        public synchronized void close() {
            events.add("close");
        }
    }
}
