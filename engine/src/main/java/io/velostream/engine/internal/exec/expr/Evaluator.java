package io.velostream.engine.internal.exec.expr;

/**
 * A compiled expression: what runs per record. Column references are already slots; functions
 * are already bound. The SQL side ({@code sql.compile.ExpressionCompiler}) builds it from the AST;
 * this package does not see the AST.
 */
@FunctionalInterface
public interface Evaluator {
    /**
     * @return the value, null for SQL NULL (and for UNKNOWN in boolean contexts)
     * @throws io.velostream.engine.record.ValueException when this record's values make it fail
     */
    Object eval(Row row);
}
