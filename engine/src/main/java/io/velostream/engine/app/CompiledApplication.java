package io.velostream.engine.app;

import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.ast.Application;

import java.util.List;

/** A checked application: one job per statement, named in file order, and the warnings found. */
public record CompiledApplication(Application application, List<String> jobNames, List<SqlError> warnings) {
}
