package io.velostream.engine.sql;

import io.velostream.engine.internal.sql.ast.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors and warnings found while analysing one SQL text, so that a user sees every
 * problem at once, each with its line, column and the line's text.
 */
public final class Diagnostics {
    private final String source;
    private final String[] lines;
    private final List<SqlError> errors = new ArrayList<>();
    private final List<SqlError> warnings = new ArrayList<>();

    public Diagnostics(String source, String text) {
        this.source = source;
        this.lines = text.split("\r?\n", -1);
    }

    public void error(Position pos, String message) {
        errors.add(at(pos, message));
    }

    public void warning(Position pos, String message) {
        warnings.add(at(pos, message));
    }

    private SqlError at(Position pos, String message) {
        return new SqlError(source, pos.line(), pos.column(), message, line(pos.line()));
    }

    /** The text of 1-based line {@code n}, or null when there is no such line. */
    public String line(int n) {
        return n >= 1 && n <= lines.length ? lines[n - 1] : null;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<SqlError> errors() {
        return List.copyOf(errors);
    }

    public List<SqlError> warnings() {
        return List.copyOf(warnings);
    }

    /** @throws SqlException with every error collected so far, if there is any */
    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new SqlException(errors);
        }
    }
}
