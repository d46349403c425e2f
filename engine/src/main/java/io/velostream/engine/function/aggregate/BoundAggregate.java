package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.SqlType;

/** An aggregate bound to one call site: its result type and a factory of per-group state. */
public interface BoundAggregate {
    /** The result type ({@link SqlType#ANY} when it depends on run-time values). */
    SqlType returnType();

    /**
     * How many per-row values the operator passes: 0 for {@code COUNT(*)} (call
     * {@link Accumulator#add} with {@link Accumulator#ROW}), 1 ({@link Accumulator#add}) or 2
     * ({@link Accumulator#add2}).
     */
    int inputCount();

    /** Whether the accumulators implement {@link Accumulator#remove}/{@link Accumulator#remove2}. */
    boolean supportsRemove();

    /** A fresh accumulator: the state of one group over no input. */
    Accumulator newAccumulator();
}
