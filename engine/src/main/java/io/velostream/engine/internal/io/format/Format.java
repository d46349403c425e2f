package io.velostream.engine.internal.io.format;

import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The text formats of file and stdout endpoints (docs/formats.md). */
public enum Format {
    /** Comma-separated values; the first line is the header unless {@code has_headers = 'false'}. */
    CSV("csv"),
    /** CSV without a header line: columns are named {@code column1}, {@code column2}, …. */
    CSV_NO_HEADER("csv_no_header"),
    /** JSON: on input a top-level array of objects or one object per line; on output one object per line. */
    JSON("json"),
    /** One JSON object per line. */
    JSONL("jsonl");

    private final String optionName;

    Format(String optionName) {
        this.optionName = optionName;
    }

    public String optionName() {
        return optionName;
    }

    public boolean isCsv() {
        return this == CSV || this == CSV_NO_HEADER;
    }

    /** The {@code format} option, else the format the file extension implies, else {@code fallback}. */
    public static Format of(EndpointSpec spec, Path path, Format fallback) {
        String name = spec.options().get("format");
        if (name != null) {
            Format f = byName(name);
            if (f == null) {
                throw EndpointOptions.invalid(spec, "unknown format '" + name + "'; known formats: " + names());
            }
            return f;
        }
        Format byExtension = path == null ? null : byExtension(path);
        if (byExtension != null) {
            return byExtension;
        }
        if (fallback == null) {
            throw EndpointOptions.invalid(spec, "cannot infer the format of '" + path.getFileName() + "'; set 'format' to one of "
                    + names());
        }
        return fallback;
    }

    /** The format of a {@code format} option value (any case), or null when unknown. */
    public static Format byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (f.optionName.equals(n)) {
                return f;
            }
        }
        return null;
    }

    /** The format a file name implies ({@code .csv}, {@code .json}, {@code .jsonl}/{@code .ndjson}), or null. */
    public static Format byExtension(Path path) {
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        } else if (name.endsWith(".json")) {
            return JSON;
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        return null;
    }

    /** The option names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Format::optionName).collect(Collectors.joining(", "));
    }

    /**
     * An encoder writing records in this format to {@code out}; it never closes {@code out}.
     *
     * @param header for CSV: write the header line before the first record (ignored for JSON and
     *               for {@link #CSV_NO_HEADER})
     */
    public RecordEncoder encoder(OutputStream out, char delimiter, boolean header) throws IOException {
        return isCsv() ? new CsvEncoder(out, delimiter, header && this == CSV) : new JsonEncoder(out);
    }
}
