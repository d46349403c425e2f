package io.velostream.engine.internal.sql.ast;

/** Where a node starts in the SQL text: 1-based line, 1-based column. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
