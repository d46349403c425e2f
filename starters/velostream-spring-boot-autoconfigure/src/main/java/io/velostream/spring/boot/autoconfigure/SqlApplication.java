package io.velostream.spring.boot.autoconfigure;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One SQL application of the service and where it came from: each file is compiled on its own,
 * so errors carry that file's name, line and column.
 *
 * @param text       the statements
 * @param sourceName the file name shown in errors, or null for inline SQL
 * @param baseDir    the folder of a {@code file:} resource (relative file paths resolve against it), else null
 */
public record SqlApplication(String text, String sourceName, Path baseDir) {
    private static final Pattern LOCATION = Pattern.compile("^\\s*(classpath\\*?:|file:).*", Pattern.DOTALL);

    /** @return the applications of {@code velostream.sql}: inline SQL, or resource locations (files in name order) */
    public static List<SqlApplication> load(String sql, ResourcePatternResolver resolver) {
        if (sql == null || sql.isBlank()) {
            return List.of();
        }
        if (!LOCATION.matcher(sql).matches()) {
            return List.of(new SqlApplication(sql, null, null));
        }
        List<SqlApplication> apps = new ArrayList<>();
        for (String location : sql.split(",")) {
            try {
                List<Resource> found = new ArrayList<>();
                for (Resource r : resolver.getResources(location.trim())) {
                    if (r.exists()) {
                        found.add(r);
                    }
                }
                if (found.isEmpty()) {
                    throw new IllegalStateException("velostream.sql: no SQL file found at '" + location.trim() + "'");
                }
                found.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
                for (Resource r : found) {
                    apps.add(new SqlApplication(r.getContentAsString(StandardCharsets.UTF_8), r.getFilename(),
                            r.isFile() ? r.getFile().toPath().getParent() : null));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("velostream.sql: cannot read '" + location.trim() + "'", e);
            }
        }
        return apps;
    }
}
