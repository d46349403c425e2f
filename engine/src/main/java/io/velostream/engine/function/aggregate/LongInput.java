package io.velostream.engine.function.aggregate;

/**
 * Optional fast path of an {@link Accumulator}: feeds an INTEGER value without boxing, when the
 * operator knows the input column is INTEGER. Same effect as {@code add(Long.valueOf(v))}.
 */
public interface LongInput {
    void addLong(long v);
}
