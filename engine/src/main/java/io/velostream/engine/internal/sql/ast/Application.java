package io.velostream.engine.internal.sql.ast;

import java.util.List;
import java.util.Map;

/**
 * A parsed {@code .sql} application file: its statements in file order and the file-level
 * header ({@code -- SQL Application: name}, {@code -- Version:}, {@code -- Description:},
 * {@code @app}, {@code @observability.*}), keyed as written without the {@code @}
 * ("SQL Application", "Version", "Description", "app", "observability.metrics.enabled", …).
 */
public record Application(Map<String, String> header, List<Statement> statements) {
}
