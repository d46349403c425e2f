package io.velostream.engine.app;

import io.velostream.engine.job.JobMetrics;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole {@code .sql} applications over small files, each in a folder under
 * {@code src/test/resources/golden/}: the folder is copied to a scratch folder, its
 * {@code app.sql} runs to the end of its inputs, and every file under {@code expected/} must
 * equal the file of the same path that the run wrote. {@code expected/jobs.txt} lists each job
 * as {@code name in=… out=… errors=… [late=…]}.
 */
class GoldenApplicationsTest {
    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(goldenRoot())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static Path goldenRoot() throws URISyntaxException {
        return Path.of(GoldenApplicationsTest.class.getResource("/golden").toURI());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void producesTheExpectedOutput(String name, @TempDir Path work) throws Exception {
        Path source = goldenRoot().resolve(name);
        copyInputs(source, work);
        String sql = Files.readString(work.resolve("app.sql"));

        PreparedApplication app = ApplicationCompiler.withBuiltins().prepare(sql,
                new ApplicationCompiler.Options(work, "app.sql", Map.of()));
        Map<String, JobMetrics> results = new ApplicationRunner().runAll(app);

        String jobs = results.entrySet().stream()
                .map(e -> e.getKey() + " in=" + e.getValue().recordsIn() + " out=" + e.getValue().recordsOut()
                        + " errors=" + e.getValue().recordErrors()
                        + (e.getValue().lateRecords() > 0 ? " late=" + e.getValue().lateRecords() : ""))
                .collect(Collectors.joining("\n", "", "\n"));
        Path expected = source.resolve("expected");
        assertThat(jobs).as("jobs of %s", name).isEqualTo(Files.readString(expected.resolve("jobs.txt")));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(expected)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("jobs.txt")).toList();
        }
        assertThat(files).as("expected files of %s", name).isNotEmpty();
        for (Path file : files) {
            Path relative = expected.relativize(file);
            assertThat(work.resolve(relative)).as("%s: %s", name, relative).exists();
            assertThat(Files.readString(work.resolve(relative))).as("%s: %s", name, relative)
                    .isEqualTo(Files.readString(file));
        }
    }

    private static void copyInputs(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
