package io.velostream.engine.io;

import io.velostream.engine.record.RecordErrorHandler;

import java.nio.file.Path;
import java.util.Map;

/**
 * One source or sink as a statement's WITH clause declares it (docs/sql.md#sources-and-sinks-with).
 *
 * @param name    the endpoint name used in SQL ({@code FROM orders}, {@code INTO out})
 * @param type    {@code file_source}, {@code file_sink}, {@code stdout}, {@code kafka_source}, …
 * @param options the endpoint's own keys with the {@code <name>.} prefix removed ({@code path},
 *                {@code format}, {@code delimiter}, …), plus job-level keys that apply to every endpoint
 * @param baseDir the folder relative paths resolve against (the .sql file's folder)
 * @param errors  where a record that cannot be decoded goes (the job's failure strategy)
 */
public record EndpointSpec(String name, String type, Map<String, String> options, Path baseDir,
                           RecordErrorHandler errors) {
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }
}
