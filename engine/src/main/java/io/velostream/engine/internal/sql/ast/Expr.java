package io.velostream.engine.internal.sql.ast;

import io.velostream.engine.record.SqlType;

import java.util.List;

/**
 * A SQL expression as written. The parser builds it; analysis resolves names and types; the
 * compiler turns it into a closure once. Nothing walks this tree per record.
 */
public sealed interface Expr {
    Position pos();

    /** A constant: Long, Double, Decimal, String, Boolean, null, or a Duration for an INTERVAL. */
    record Literal(Position pos, Object value, SqlType type) implements Expr {
    }

    /**
     * {@code name} or {@code qualifier.name}. Analysis decides whether a qualifier is a source
     * alias or a struct column ({@code col.field}).
     */
    record ColumnRef(Position pos, String qualifier, String name) implements Expr {
    }

    enum UnaryOp { NEG, NOT }

    record Unary(Position pos, UnaryOp op, Expr operand) implements Expr {
    }

    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), CONCAT("||"),
        EQ("="), NE("<>"), LT("<"), GT(">"), LE("<="), GE(">="), REGEX("~"), AND("AND"), OR("OR");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }
    }

    record Binary(Position pos, BinaryOp op, Expr left, Expr right) implements Expr {
    }

    record IsNull(Position pos, Expr operand, boolean negated) implements Expr {
    }

    record InList(Position pos, Expr operand, List<Expr> values, boolean negated) implements Expr {
    }

    record InSubquery(Position pos, Expr operand, Query query, boolean negated) implements Expr {
    }

    record Between(Position pos, Expr operand, Expr low, Expr high, boolean negated) implements Expr {
    }

    record Like(Position pos, Expr operand, Expr pattern, boolean negated) implements Expr {
    }

    record When(Expr condition, Expr result) {
    }

    /** {@code CASE [operand] WHEN … THEN … [ELSE …] END}; operand and elseResult may be null. */
    record Case(Position pos, Expr operand, List<When> whens, Expr elseResult) implements Expr {
    }

    /** A type name as written in CAST: {@code DECIMAL(10, 2)}; precision and scale may be null. */
    record TypeName(String name, Integer precision, Integer scale) {
    }

    record Cast(Position pos, Expr operand, TypeName type) implements Expr {
    }

    /**
     * A call of a scalar, aggregate or analytic function. {@code COUNT(*)} has {@code star};
     * {@code EXTRACT(YEAR FROM ts)} is {@code EXTRACT('YEAR', ts)}; {@code withinGroup} holds the
     * ORDER BY of {@code PERCENTILE_CONT(f) WITHIN GROUP (ORDER BY x)}; {@code over} is null
     * outside analytic calls.
     */
    record Call(Position pos, String name, List<Expr> args, boolean distinct, boolean star,
                List<OrderItem> withinGroup, Over over) implements Expr {
        public Call {
            name = name.toUpperCase(java.util.Locale.ROOT);
        }
    }

    record Exists(Position pos, Query query, boolean negated) implements Expr {
    }

    record ScalarSubquery(Position pos, Query query) implements Expr {
    }

    /** {@code base[index]}: an array element (1-based, as in standard SQL) or a map value by key. */
    record Subscript(Position pos, Expr base, Expr index) implements Expr {
    }

    /** {@code base.field} into a struct or map, where base is not a plain column reference. */
    record FieldAccess(Position pos, Expr base, String field) implements Expr {
    }

    /** The frame bound of an OVER clause. */
    enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    record FrameBound(BoundKind kind, Expr offset) {
    }

    /** {@code ROWS|RANGE BETWEEN start AND end}. */
    record Frame(boolean range, FrameBound start, FrameBound end) {
    }

    /**
     * {@code OVER (…)}: {@code bufferRows} is the n of {@code ROWS WINDOW BUFFER n ROWS}, or null
     * for the standard form; frame may be null.
     */
    record Over(Position pos, Long bufferRows, List<Expr> partitionBy, List<OrderItem> orderBy, Frame frame) {
    }
}
