package io.velostream.engine.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: CTAS with GROUP BY and a PRIMARY KEY column to stdout, in both of its formats (the
 * file sinks are in the {@code ctas_group_by} golden case, Kafka in {@code KafkaJobTest}).
 */
class CreateTableAsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void captureStdout() {
        stdout = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(stdout);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jsonl|{\"category\":\"books\",\"n\":1,\"total\":12.50}\\n{\"category\":\"games\",\"n\":1,\"total\":40.00}\\n{\"category\":\"books\",\"n\":2,\"total\":20.00}\\n",
            "csv|category,n,total\\nbooks,1,12.50\\ngames,1,40.00\\nbooks,2,20.00\\n"})
    void createTableAsGroupByWithAPrimaryKeyToStdout(String format, String expected, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("in.csv"), "id,category,amount\n1,books,12.50\n2,games,40.00\n3,books,7.50\n");
        String sql = """
                CREATE TABLE category_stats AS
                SELECT category PRIMARY KEY, COUNT(*) AS n, SUM(amount) AS total
                FROM transactions GROUP BY category EMIT CHANGES
                WITH ('transactions.type' = 'file_source', 'transactions.path' = './in.csv', 'transactions.format' = 'csv',
                      'category_stats.type' = 'stdout', 'category_stats.format' = '%s');""".formatted(format);
        ApplicationCompiler.Options options = new ApplicationCompiler.Options(dir, "app.sql", Map.of());

        ApplicationCompiler compiler = ApplicationCompiler.withBuiltins();
        assertThat(compiler.check(sql, options).warnings()).isEmpty();
        new ApplicationRunner().runAll(compiler.prepare(sql, options));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.replace("\\n", "\n"));
    }
}
