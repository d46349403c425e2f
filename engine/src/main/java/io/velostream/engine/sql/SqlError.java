package io.velostream.engine.sql;

/**
 * One error in SQL text, at a 1-based line and column, with the offending line and a caret
 * under the column:
 * <pre>
 * app.sql:3:15: unknown column 'amout'
 *   SELECT id, amout FROM orders
 *              ^
 * </pre>
 *
 * @param source  the file name, or null for inline SQL
 * @param excerpt the source line the error is on (no line break), or null when not available; the values of
 *                secret WITH properties are masked ({@link Secrets})
 */
public record SqlError(String source, int line, int column, String message, String excerpt) {
    /** The excerpt shows no secret: a WITH line may hold a password (docs/kafka.md#security). */
    public SqlError {
        excerpt = Secrets.mask(excerpt);
    }

    /** One line: {@code [source:]line:column: message}. */
    public String headline() {
        return (source == null ? "" : source + ":") + line + ":" + column + ": " + message;
    }

    /** The headline, then the excerpt and a caret under the column. */
    public String format() {
        if (excerpt == null) {
            return headline();
        }
        StringBuilder caret = new StringBuilder();
        for (int i = 1; i < column && i - 1 < excerpt.length(); i++) {
            caret.append(excerpt.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        return headline() + "\n  " + excerpt + "\n  " + caret + "^";
    }

    @Override
    public String toString() {
        return headline();
    }
}
