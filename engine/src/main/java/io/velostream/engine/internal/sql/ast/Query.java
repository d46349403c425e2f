package io.velostream.engine.internal.sql.ast;

import java.util.List;
import java.util.Map;

/** A query: one SELECT, or SELECTs merged by UNION ALL. */
public sealed interface Query {
    Position pos();

    enum EmitMode { CHANGES, FINAL }

    enum JoinType { INNER, LEFT, RIGHT, FULL }

    /** A source in FROM or JOIN: a stream/table name, or a derived table {@code (SELECT …) alias}. */
    record Source(Position pos, String name, String alias, Query subquery) {
        /** The name other clauses use: the alias, else the name. */
        public String refName() {
            return alias != null ? alias : name;
        }
    }

    /** {@code [type] JOIN right ON condition [WITHIN withinMillis]}; withinMillis null when absent. */
    record Join(Position pos, JoinType type, Source right, Expr on, Long withinMillis) {
    }

    enum WindowKind { TUMBLING, SLIDING, SESSION }

    /**
     * A WINDOW clause. {@code size} is the window size (or the SESSION gap), {@code advance} the
     * SLIDING advance (0 otherwise), {@code graceMillis} null when not written.
     */
    record Window(Position pos, WindowKind kind, Expr timeColumn, long size, long advance, Long graceMillis) {
    }

    /**
     * A select item: {@code *} ({@code star}, with {@code starQualifier} for {@code x.*}) or an
     * expression with an optional alias and PRIMARY KEY marker.
     */
    record SelectItem(Position pos, boolean star, String starQualifier, Expr expr, String alias, boolean primaryKey) {
    }

    /**
     * One SELECT with every clause (docs/sql.md#select). Unwritten clauses are null (or empty lists);
     * {@code with} holds the WITH properties in written order.
     */
    record Select(Position pos, boolean distinct, List<SelectItem> items, Source from, List<Join> joins,
                  Expr where, List<Expr> groupBy, Window window, Expr having, List<OrderItem> orderBy,
                  Long limit, EmitMode emit, String into, Map<String, String> with) implements Query {
    }

    /** {@code q1 UNION ALL q2 …}; trailing clauses (EMIT, INTO, WITH) belong to the whole union. */
    record UnionAll(Position pos, List<Select> branches, EmitMode emit, String into, Map<String, String> with)
            implements Query {
    }
}
