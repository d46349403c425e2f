package io.velostream.engine.internal.io.file;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.Endpoints;
import io.velostream.engine.job.JobFailedException;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileSinkTest {
    @TempDir
    Path dir;
    final Connectors connectors = Connectors.builtIn();
    final Schema schema = Schema.of("id", "amount");

    private StreamRecord row(long id, String amount) {
        return StreamRecord.of(schema, 0L, id, Decimal.parse(amount));
    }

    private void write(String file, List<StreamRecord> records, String... options) throws IOException {
        String[] all = new String[options.length + 2];
        all[0] = "path";
        all[1] = file;
        System.arraycopy(options, 0, all, 2, options.length);
        try (DataWriter w = connectors.openWriter(new Endpoints(dir).spec("out", "file_sink", all))) {
            w.write(records);
            w.flush();
        }
    }

    /** Issue 13, faults: a full disk fails the job with an error that names the sink and its file. */
    @Test
    void aFullDiskFailsTheJobWithAnErrorNamingTheSinkAndItsFile() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Files.writeString(dir.resolve("in.csv"), "id,amount\n1,2.50\n2,3.00\n");
        String sql = """
                CREATE STREAM copy AS SELECT id, amount FROM src
                WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', 'src.format' = 'csv',
                      'copy.type' = 'file_sink', 'copy.path' = '%s', 'copy.format' = 'csv')""".formatted(full);
        var app = ApplicationCompiler.withBuiltins().prepare(sql, new ApplicationCompiler.Options(dir, "app.sql", Map.of()));
        assertThatThrownBy(() -> new ApplicationRunner().runAll(app)).isInstanceOf(JobFailedException.class)
                .hasMessage("job copy: file sink 'copy': cannot write /dev/full: No space left on device");
    }

    @Test
    void csvSinkWritesTheHeaderOnceAndCreatesFolders() throws Exception {
        write("out/deep/result.csv", List.of(row(1, "449.98"), row(2, "2.50")));
        assertThat(Files.readString(dir.resolve("out/deep/result.csv"))).isEqualTo("id,amount\n1,449.98\n2,2.50\n");
    }

    @Test
    void truncatesByDefaultAndAppendsWithoutRepeatingTheHeader() throws Exception {
        write("r.csv", List.of(row(1, "1.0")));
        write("r.csv", List.of(row(2, "2.0")));
        assertThat(Files.readString(dir.resolve("r.csv"))).isEqualTo("id,amount\n2,2.0\n");
        write("r.csv", List.of(row(3, "3.0")), "append", "true");
        assertThat(Files.readString(dir.resolve("r.csv"))).isEqualTo("id,amount\n2,2.0\n3,3.0\n");
        write("fresh.csv", List.of(row(4, "4.0")), "append", "true");
        assertThat(Files.readString(dir.resolve("fresh.csv"))).isEqualTo("id,amount\n4,4.0\n");
    }

    @Test
    void jsonSinkWritesOneObjectPerLineAndAppends() throws Exception {
        write("r.json", List.of(row(1, "449.98")));
        write("r.json", List.of(row(2, "2.50")), "append", "true");
        assertThat(Files.readString(dir.resolve("r.json"))).isEqualTo("{\"id\":1,\"amount\":449.98}\n{\"id\":2,\"amount\":2.50}\n");
    }

    @Test
    void flushMakesWrittenRecordsVisibleBeforeClose() throws Exception {
        try (DataWriter w = connectors.openWriter(new Endpoints(dir).spec("out", "file_sink", "path", "live.jsonl"))) {
            w.write(List.of(row(1, "1.5")));
            w.flush();
            assertThat(Files.readString(dir.resolve("live.jsonl"))).isEqualTo("{\"id\":1,\"amount\":1.5}\n");
        }
    }

    @Test
    void csvWithDelimiterAndNoHeaderRoundTripsThroughTheSource() throws Exception {
        write("t.csv", List.of(row(1, "449.98"), row(2, "2.50")), "format", "csv_no_header", "delimiter", "|");
        assertThat(Files.readString(dir.resolve("t.csv"))).isEqualTo("1|449.98\n2|2.50\n");
        try (DataReader r = connectors.openReader(new Endpoints(dir).spec("in", "file_source", "path", "t.csv",
                "format", "csv_no_header", "delimiter", "|"))) {
            List<StreamRecord> back = new ArrayList<>();
            assertThat(r.read(back, 10)).isFalse();
            assertThat(back).extracting(x -> x.value(1).toString()).containsExactly("449.98", "2.50");
        }
    }
}
