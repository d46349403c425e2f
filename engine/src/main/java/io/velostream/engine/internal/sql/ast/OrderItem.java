package io.velostream.engine.internal.sql.ast;

/** One ORDER BY key. {@code nullsFirst} is null when not written (NULLs sort as the smallest value). */
public record OrderItem(Expr expr, boolean descending, Boolean nullsFirst) {
}
