package io.velostream.engine.internal.exec.analytic;

import io.velostream.engine.internal.exec.expr.Evaluator;

import java.util.List;

/**
 * One analytic call of a query: the bound function, an evaluator per SQL argument (constant
 * arguments too; only the per-row ones are evaluated), the window it runs over and the name of
 * its output field.
 */
public record AnalyticCall(String outputName, AnalyticFunction function, List<Evaluator> args, Window window) {
    public AnalyticCall {
        args = List.copyOf(args);
        if (args.size() != function.argCount) {
            throw new IllegalArgumentException(function.name() + " was bound with " + function.argCount
                    + " arguments but given " + args.size() + " evaluators");
        }
        if (window.orderBy().size() != function.orderKeyCount) {
            throw new IllegalArgumentException(function.name() + " was bound with " + function.orderKeyCount
                    + " ORDER BY keys but its window has " + window.orderBy().size());
        }
    }
}
