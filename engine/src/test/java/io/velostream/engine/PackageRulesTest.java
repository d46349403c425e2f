package io.velostream.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import rules of docs/architecture.md that job assembly relies on, checked on the sources:
 * the job loop and the operators know no connector, connectors know nothing above {@code io}, and
 * the {@code io} SPI names none of its implementations.
 */
class PackageRulesTest {
    private static final Path ROOT = Path.of("src/main/java/io/velostream/engine");
    private static final String ENGINE = "import io.velostream.engine.";

    @Test
    void jobAndExecImportNoKafka() throws IOException {
        assertThat(importing(ROOT.resolve("job"), ENGINE + "io.kafka")).isEmpty();
        assertThat(importing(ROOT.resolve("exec"), ENGINE + "io.kafka")).isEmpty();
    }

    @Test
    void execImportsNoIo() throws IOException {
        assertThat(importing(ROOT.resolve("exec"), ENGINE + "io.")).isEmpty();
    }

    @Test
    void connectorsImportNothingAboveIo() throws IOException {
        for (String above : List.of("exec.", "job.", "app.", "sql.")) {
            assertThat(importing(ROOT.resolve("io"), ENGINE + above)).as(above).isEmpty();
        }
    }

    @Test
    void theIoSpiNamesNoConnector() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("io"))) {
            List<Path> spi = files.filter(Files::isRegularFile).toList();
            for (Path f : spi) {
                assertThat(Files.readAllLines(f)).as(f.toString())
                        .noneMatch(line -> line.matches("import io\\.velostream\\.engine\\.io\\.[a-z]+\\..*"));
            }
        }
    }

    /** The source files under {@code dir} with an import starting with {@code prefix}. */
    private static List<Path> importing(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readAllLines(f).stream().anyMatch(line -> line.startsWith(prefix));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
