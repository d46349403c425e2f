package io.velostream.engine.internal.io.console;

import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.Endpoints;
import io.velostream.engine.internal.io.format.Format;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StdoutWriterTest {
    final Schema schema = Schema.of("id", "note");
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);

    @Test
    void writesJsonLinesAndLeavesTheStreamOpen() throws Exception {
        DataWriter w = new StdoutWriter(out);
        w.write(List.of(StreamRecord.of(schema, 0L, 1L, "a"), StreamRecord.of(schema, 0L, Decimal.parse("2.50"), null)));
        w.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"note\":\"a\"}\n{\"id\":2.50,\"note\":null}\n");
        out.print("still open");
        out.flush();
        assertThat(out.checkError()).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("still open");
    }

    @Test
    void writesCsvWithHeader() throws Exception {
        try (DataWriter w = new StdoutWriter(out, Format.CSV, ',', true)) {
            w.write(List.of(StreamRecord.of(schema, 0L, 1L, "x,y")));
            w.write(List.of(StreamRecord.of(schema, 0L, 2L, "z")));
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("id,note\n1,\"x,y\"\n2,z\n");
    }

    @Test
    void theConnectorOpensAStdoutWriter() throws Exception {
        try (DataWriter w = Connectors.builtIn().openWriter(new Endpoints(Path.of(".")).spec("console", "stdout", "format", "csv"))) {
            assertThat(w).isInstanceOf(StdoutWriter.class);
        }
    }
}
