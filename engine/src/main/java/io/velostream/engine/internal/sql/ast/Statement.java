package io.velostream.engine.internal.sql.ast;

import java.util.List;
import java.util.Map;

/**
 * One statement of a {@code .sql} application: a job.
 *
 * @param kind        what was written
 * @param target      the stream/table name of CREATE, the sink of INSERT INTO or SELECT … INTO; null for a
 *                    bare SELECT (stdout)
 * @param query       the query
 * @param with        the statement's WITH properties (for CREATE … AS SELECT … WITH, the ones after the query)
 * @param annotations the {@code -- @key: value} comment lines directly above the statement, in order
 * @param text        the statement's SQL text as written
 */
public record Statement(Position pos, Kind kind, String target, Query query, Map<String, String> with,
                        List<Annotation> annotations, String text) {
    public enum Kind { CREATE_STREAM, CREATE_TABLE, SELECT, INSERT_INTO }

    /** {@code -- @key: value}, with the line it was on. */
    public record Annotation(String key, String value, int line) {
    }
}
