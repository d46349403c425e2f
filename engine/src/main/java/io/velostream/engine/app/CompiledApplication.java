package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.ast.Application;

import java.util.List;

/** An application ready to run: one job per statement, in file order, and the warnings found. */
public record CompiledApplication(Application application, List<Job> jobs, List<SqlError> warnings) {
}
