package io.velostream.engine.io;


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
