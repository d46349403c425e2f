package io.velostream.engine.sql;

import java.util.List;
import java.util.stream.Collectors;

/** SQL that cannot be parsed or analysed: every error found, each with its line and column. */
public class SqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<SqlError> errors;

    public SqlException(List<SqlError> errors) {
        super(errors.stream().map(SqlError::headline).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public SqlException(SqlError error) {
        this(List.of(error));
    }

    public List<SqlError> errors() {
        return errors;
    }

    /** Every error with its excerpt and caret, one after another. */
    public String formatAll() {
        return errors.stream().map(SqlError::format).collect(Collectors.joining("\n"));
    }
}
