package io.velostream.engine.io;

import io.velostream.engine.io.format.Format;

import java.nio.file.Path;
import java.util.Locale;

/** Reads and validates the common options of an endpoint, with errors that name the endpoint. */
public final class EndpointOptions {
    private EndpointOptions() {
    }

    /** The {@code path} option resolved against the spec's base folder, made absolute. */
    public static Path path(EndpointSpec spec) {
        String p = spec.options().get("path");
        if (p == null || p.isBlank()) {
            throw invalid(spec, "option 'path' is required");
        }
        Path path = Path.of(p);
        if (!path.isAbsolute() && spec.baseDir() != null) {
            path = spec.baseDir().resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    /** The {@code format} option, else the format the file extension implies, else {@code fallback}. */
    public static Format format(EndpointSpec spec, Path path, Format fallback) {
        String name = spec.options().get("format");
        if (name != null) {
            Format f = Format.byName(name);
            if (f == null) {
                throw invalid(spec, "unknown format '" + name + "'; known formats: " + Format.names());
            }
            return f;
        }
        Format byExtension = path == null ? null : Format.byExtension(path);
        if (byExtension != null) {
            return byExtension;
        }
        if (fallback == null) {
            throw invalid(spec, "cannot infer the format of '" + path.getFileName() + "'; set 'format' to one of "
                    + Format.names());
        }
        return fallback;
    }

    /** The {@code delimiter} option: one character, or {@code \t} / {@code tab} for a tab; ',' by default. */
    public static char delimiter(EndpointSpec spec) {
        String d = spec.options().get("delimiter");
        if (d == null) {
            return ',';
        }
        if (d.equals("\\t") || d.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw invalid(spec, "option 'delimiter' must be a single character other than a quote or newline, not '"
                    + d + "'");
        }
        return d.charAt(0);
    }

    /** A boolean option: {@code true} or {@code false}, any case. */
    public static boolean flag(EndpointSpec spec, String key, boolean defaultValue) {
        String v = spec.options().get(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid(spec, "option '" + key + "' must be 'true' or 'false', not '" + v + "'");
        }
    }

    public static IllegalArgumentException invalid(EndpointSpec spec, String message) {
        return new IllegalArgumentException(spec.type() + " '" + spec.name() + "': " + message);
    }
}
