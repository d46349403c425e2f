package io.velostream.engine.internal.exec.analytic;

import io.velostream.engine.internal.exec.expr.Evaluator;

import java.util.List;

/**
 * What decides which rows an analytic call sees within its partition: the ORDER BY keys and
 * the buffer size ({@code ROWS WINDOW BUFFER n ROWS}; null for the standard form, which gets the
 * operator's default). Calls of one operator whose windows are equal share one buffer per
 * partition; keys compare their evaluators by identity, so the planner passes the same
 * {@code Window} (or the same evaluator instances) for calls written with the same OVER clause.
 */
public record Window(List<OrderKey> orderBy, Long bufferRows) {
    /** One ORDER BY key; NULLs sort first or last as {@code nullsFirst} says. */
    public record OrderKey(Evaluator key, boolean descending, boolean nullsFirst) {
    }

    public Window {
        orderBy = List.copyOf(orderBy);
        if (bufferRows != null && bufferRows < 1) {
            throw new IllegalArgumentException("ROWS WINDOW BUFFER needs at least 1 row, got " + bufferRows);
        }
    }

    /** No ORDER BY: rows in arrival order. */
    public static Window unordered(Long bufferRows) {
        return new Window(List.of(), bufferRows);
    }
}
