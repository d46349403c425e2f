package io.velostream.app.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: exit codes, messages on stderr, data on stdout and in files. */
class VelostreamCliTest {
    private static final Path QUICKSTART = Path.of("..", "examples", "quickstart");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int cli(String... args) {
        return new VelostreamCli(System.out, System.err).execute(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private void copyQuickstart() throws IOException {
        try (Stream<Path> files = Files.list(QUICKSTART)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void validatesTheQuickstartBeforeItsFirstStatementHasWrittenWhatTheSecondReads() throws IOException {
        copyQuickstart();

        assertThat(cli("validate", dir.resolve("app.sql").toString())).as(stderr()).isZero();
        assertThat(stderr()).contains("app.sql: ok (2 statements)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void runsTheReadmeQuickstart() throws IOException {
        copyQuickstart();

        int code = cli("run", dir.resolve("app.sql").toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(Files.readString(dir.resolve("out/big_orders.jsonl"))).isEqualTo("""
                {"order_id":1,"customer":"ALICE","region":"EU","amount":120.50,"gross":144.60,"tier":"regular"}
                {"order_id":3,"customer":"CAROL","region":"US","amount":249.99,"gross":299.99,"tier":"regular"}
                {"order_id":4,"customer":"DAVE","region":"EU","amount":80.00,"gross":96.00,"tier":"regular"}
                {"order_id":5,"customer":"ERIN","region":"APAC","amount":1200.00,"gross":1440.00,"tier":"vip"}
                """);
        assertThat(stdout()).isEqualTo("""
                {"who":"ERIN (APAC)","gross":1440.00}
                {"who":"CAROL (US)","gross":299.99}
                {"who":"ALICE (EU)","gross":144.60}
                {"who":"DAVE (EU)","gross":96.00}
                """);
        assertThat(stderr()).contains("job big_orders: 6 records in, 4 out").contains("job sel_big_orders: 4 records in, 4 out");
    }

    @Test
    void validateAcceptsAGoodApplicationWithoutWritingAnything() throws IOException {
        write("in.csv", "a\n1\n");
        Path app = write("app.sql", "SELECT a FROM src INTO dst WITH ('src.type' = 'file_source', 'src.path' = 'in.csv',"
                + " 'dst.type' = 'file_sink', 'dst.path' = 'out.csv');");

        assertThat(cli("validate", app.toString())).isZero();
        assertThat(stderr()).contains("app.sql: ok (1 statement)");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void validateListsEveryErrorWithLineColumnAndCaret() throws IOException {
        write("in.csv", "id,amount\n1,2.5\n");
        Path app = write("bad.sql", """
                SELECT id, amout FROM src
                WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');
                SELECT NOPE(id) FROM src WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');
                """);

        assertThat(cli("validate", app.toString())).isEqualTo(1);
        assertThat(stderr())
                .contains("error: bad.sql:1:12: unknown column 'amout' (columns: id, amount)\n"
                        + "  SELECT id, amout FROM src\n"
                        + "             ^")
                .contains("error: bad.sql:3:8: unknown function NOPE")
                .doesNotContain("Exception");
    }

    @Test
    void aSyntaxErrorIsOneLineWithItsPosition() throws IOException {
        Path app = write("syntax.sql", "SELECT a FORM t;");

        assertThat(cli("run", app.toString())).isEqualTo(1);
        assertThat(stderr()).startsWith("error: syntax.sql:1:").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingInputFileIsNamed() throws IOException {
        Path app = write("app.sql", "SELECT * FROM src WITH ('src.type' = 'file_source', 'src.path' = 'missing.csv');");

        assertThat(cli("run", app.toString())).isEqualTo(1);
        assertThat(stderr()).contains("file not found").contains("missing.csv").contains("app.sql:1:15");
    }

    @Test
    void aMissingSqlFileIsNamed() {
        assertThat(cli("run", dir.resolve("nope.sql").toString())).isEqualTo(1);
        assertThat(stderr()).contains("error: no such file: ").contains("nope.sql");
    }

    @Test
    void malformedLinesAreSkippedCountedAndReportedWithFileAndLine() throws IOException {
        write("in.csv", "id,v\n1,a\n2,b,extra\n3,c\n");
        Path app = write("app.sql", "SELECT id, v FROM src INTO dst WITH ('src.type' = 'file_source', 'src.path' = 'in.csv',"
                + " 'dst.type' = 'file_sink', 'dst.path' = 'out.csv');");

        assertThat(cli("run", app.toString())).isZero();
        assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("id,v\n1,a\n3,c\n");
        assertThat(stderr()).contains("in.csv:3").contains("1 skipped");
    }

    @Test
    void failBatchStopsTheJobWithTheRecordPositionAndNoStackTrace() throws IOException {
        write("in.csv", "id,v\n1,a\n2,b,extra\n");
        Path app = write("app.sql", "-- @failure_strategy: FailBatch\n"
                + "SELECT id FROM src WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');");

        assertThat(cli("run", app.toString())).isEqualTo(1);
        assertThat(stderr()).contains("error: job sel_src stopped (FailBatch): record at in.csv:3")
                .doesNotContain("\tat ");
    }

    @Test
    void debugShowsTheStackTrace() throws IOException {
        write("in.csv", "id,v\n2,b,extra\n");
        Path app = write("app.sql", "-- @failure_strategy: FailBatch\n"
                + "SELECT id FROM src WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');");

        assertThat(cli("--debug", "run", app.toString())).isEqualTo(1);
        assertThat(stderr()).contains("\tat ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(cli()).isEqualTo(2);
        assertThat(cli("frobnicate", "x.sql")).isEqualTo(2);
        assertThat(cli("run", "--bogus", "x.sql")).isEqualTo(2);
        assertThat(stderr()).contains("unknown command 'frobnicate'").contains("unknown option --bogus").contains("usage:");
    }

    @Test
    void bootstrapServersFromTheCommandLineReachKafkaEndpoints() throws IOException {
        write("in.csv", "id\n1\n");
        Path app = write("kafka.sql", """
                CREATE STREAM copy AS SELECT id FROM src
                WITH ('src.type' = 'file_source', 'src.path' = 'in.csv',
                      'copy.type' = 'kafka_sink', 'copy.acks' = 'maybe');
                """);
        // Without servers the sink cannot even be configured; with them it gets as far as the client's own checks.
        assertThat(cli("run", app.toString())).isEqualTo(1);
        assertThat(stderr()).contains("no Kafka bootstrap servers");
        err.reset();
        assertThat(cli("run", "--bootstrap-servers", "localhost:1", app.toString())).isEqualTo(1);
        assertThat(stderr()).contains("invalid Kafka client properties").doesNotContain("no Kafka bootstrap servers");
        assertThat(cli("run", app.toString(), "--bootstrap-servers")).isEqualTo(2);
    }

    @Test
    void validateExplainPrintsEachJobsPlanWithoutTouchingKafka() throws IOException {
        Path app = write("totals.sql", """
                -- SQL Application: shop

                -- @name: totals
                -- @failure_strategy: SendToDLQ
                CREATE STREAM totals AS SELECT region, COUNT(*) AS n, SUM(amount) AS total
                FROM orders GROUP BY region
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'shop.orders', 'orders.keyed_by_group' = 'true',
                      'totals.type' = 'kafka_sink', 'totals.topic' = 'shop.totals');
                CREATE STREAM big AS SELECT * FROM orders WHERE amount > 100
                WITH ('orders.type' = 'kafka_source', 'big.type' = 'kafka_sink');
                """);
        // A broker that is not there: --explain opens no sink and reads nothing. (The GROUP BY's input is declared
        // keyed by its groups, so the compiler need not ask the broker whether to repartition it: docs/scaling.md#repartition.)
        assertThat(cli("validate", "--explain", "--bootstrap-servers", "localhost:1", app.toString()))
                .as(stderr()).isZero();
        assertThat(stdout()).isEqualTo("""
                job totals (simple, SendToDLQ)
                  sources:        orders (kafka_source)
                  sink:           totals (kafka_sink)
                  operators:      orders: AggregateOperator -> SelectOperator
                  state:          groups: changelog shop-totals-groups-changelog
                  scaling:        tasks, one per partition of orders, shared by replicas and threads (docs/scaling.md#tasks)
                  topics read:    shop.orders
                  topics written: shop.totals
                  topics created: shop-totals-groups-changelog, totals.dlq
                job big (simple, LogAndContinue)
                  sources:        orders (kafka_source)
                  sink:           big (kafka_sink)
                  operators:      orders: SelectOperator
                  state:          none
                  scaling:        stateless: replicas and threads share the partitions of its sources
                  topics read:    orders
                  topics written: big
                  topics created: -
                """);
        assertThat(stderr()).contains("totals.sql: ok (2 statements)");
        assertThat(cli("run", "--explain", app.toString())).isEqualTo(2);
    }
}
