package io.velostream.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged {@code velostream.jar} in its own JVM, on the README's example. */
class VelostreamJarIT {
    private static final Path GOLDEN = Path.of("..", "engine", "src", "test", "resources", "golden");

    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result java(String... args) throws IOException, InterruptedException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(javaBin.toString(), "-jar",
                System.getProperty("velostream.jar")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("velostream.jar finished").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void runsTheReadmeExample() throws Exception {
        Path quickstart = dir.resolve("quickstart");
        Files.createDirectories(quickstart);
        try (Stream<Path> files = Files.list(Path.of("..", "examples", "quickstart"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, quickstart.resolve(f.getFileName()));
            }
        }

        Result r = java("run", "quickstart/app.sql");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("{\"who\":\"ERIN (APAC)\",\"gross\":1440.00}\n");
        assertThat(Files.readAllLines(quickstart.resolve("out/big_orders.jsonl"))).hasSize(4);
    }

    static Stream<String> goldenApplications() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Every golden application of the engine's tests, run by the jar: the same files come out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenApplications")
    void runsTheGoldenApplications(String name) throws Exception {
        Path app = dir.resolve(name);
        Files.createDirectories(app);
        try (Stream<Path> files = Files.list(GOLDEN.resolve(name))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, app.resolve(f.getFileName()));
            }
        }

        Result r = java("run", name + "/app.sql");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Path expected = GOLDEN.resolve(name).resolve("expected");
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("jobs.txt")).toList()) {
                Path written = app.resolve(expected.relativize(f));
                assertThat(Files.readString(written)).as(name + ": " + expected.relativize(f))
                        .isEqualTo(Files.readString(f));
            }
        }
    }

    @Test
    void validateFailsWithThePositionAndExitOne() throws Exception {
        Files.writeString(dir.resolve("bad.sql"), "SELECT a,, b FROM t;");

        Result r = java("validate", "bad.sql");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("error: bad.sql:1:10:").doesNotContain("Exception");
    }
}
