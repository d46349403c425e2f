package io.velostream.engine.internal.sql.compile;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.sql.ast.Expr;

/**
 * Compiles subqueries (docs/joins.md: they read tables) for the {@link ExpressionCompiler}; the planner
 * provides it, because it knows the tables. Each method reports its own errors and returns a
 * NULL constant after one.
 */
public interface SubqueryCompiler {
    /** {@code operand [NOT] IN (SELECT …)}, the operand already compiled in the outer scope. */
    Compiled in(Expr.InSubquery in, Compiled operand, Scope outer);

    /** {@code [NOT] EXISTS (SELECT …)}. */
    Compiled exists(Expr.Exists exists, Scope outer);

    /** {@code (SELECT …)} as a value. */
    Compiled scalar(Expr.ScalarSubquery scalar, Scope outer);
}
