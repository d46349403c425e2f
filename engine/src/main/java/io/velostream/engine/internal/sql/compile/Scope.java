package io.velostream.engine.internal.sql.compile;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.sql.ast.Expr;

/** Resolves column references while an expression compiles: to slots, never to names per record. */
public interface Scope {
    /** @return how to read the column, or null when this scope has no such column */
    Compiled resolve(Expr.ColumnRef ref);

    /** A short list of the columns this scope offers, for an "unknown column" message. */
    String describe();
}
