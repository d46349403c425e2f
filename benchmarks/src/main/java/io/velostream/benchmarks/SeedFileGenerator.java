package io.velostream.benchmarks;

import io.velostream.engine.record.StreamRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link SeedRecords} as JSON lines, for the file → file runs:
 * {@code {"id":0,"category":"category_0","amount":123.45,"ts":1700000000000}}.
 *
 * <p>Usage: {@code SeedFileGenerator <path> [records]} (default 2,000,000).
 */
public final class SeedFileGenerator {
    private SeedFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SeedFileGenerator <path> [records]");
            System.exit(2);
        }
        Path path = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16)) {
            SeedRecords.generate(n, r -> write(w, r));
        }
        System.err.println("wrote " + n + " records to " + path);
    }

    private static void write(Writer w, StreamRecord r) {
        try {
            w.write("{\"id\":" + r.value(0) + ",\"category\":\"" + r.value(1) + "\",\"amount\":" + r.value(2)
                    + ",\"ts\":" + r.value(3) + "}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
