package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an invalid SQL application at startup as its errors, each with line, column and a caret. */
class VelostreamFailureAnalyzer extends AbstractFailureAnalyzer<SqlException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SqlException cause) {
        StringBuilder description = new StringBuilder("The Velostream SQL application (velostream.sql) is invalid:");
        for (SqlError error : cause.errors()) {
            description.append("\n\n").append(error.format());
        }
        return new FailureAnalysis(description.toString(),
                "Correct the SQL at the line and column shown, or check it with 'velostream validate <file.sql>'.", cause);
    }
}
