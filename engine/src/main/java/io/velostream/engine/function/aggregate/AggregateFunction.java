package io.velostream.engine.function.aggregate;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.FunctionException;
import java.util.List;

/**
 * An aggregate function (docs/aggregates.md), built in or added by a user through {@link java.util.ServiceLoader}.
 *
 * <p>A call site is bound once when the query compiles; {@link #bind} checks the call and returns
 * the {@link BoundAggregate} that creates one {@link Accumulator} per group (or window).
 *
 * <p>How a call maps onto {@code bind}: {@code args} are the per-row inputs, {@code directArgs}
 * the constant parameters.
 * <ul>
 *   <li>{@code COUNT(*)}: {@code args} empty.</li>
 *   <li>{@code SUM(DISTINCT x)}: {@code args = [x]}, {@code distinct = true}.</li>
 *   <li>{@code CORR(y, x)}: {@code args = [y, x]}.</li>
 *   <li>{@code PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x)}: {@code args = [x]},
 *       {@code directArgs = [0.5]}.</li>
 *   <li>{@code STRING_AGG(x, ', ')}: {@code args = [x]}, {@code directArgs = [", "]}; the form
 *       as written, {@code args = [x, constant ', ']}, is accepted too.</li>
 * </ul>
 */
public interface AggregateFunction {
    /** The name in SQL, upper case. */
    String name();

    /** Other names for the same aggregate (upper case), e.g. {@code FIRST} for {@code FIRST_VALUE}. */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * Binds a call site.
     *
     * @param args what is known of each per-row argument at compile time
     * @param distinct whether the call says {@code DISTINCT}
     * @param directArgs constant parameters (values, not expressions), empty when there are none
     * @throws FunctionException when the call does not fit (wrong count, a non-numeric input to a
     *         numeric aggregate, a bad parameter)
     */
    BoundAggregate bind(List<Argument> args, boolean distinct, List<Object> directArgs);
}
