package io.velostream.engine.function.aggregate;

/**
 * Optional fast path of an {@link Accumulator}: feeds a FLOAT value without boxing, when the
 * operator knows the input column is FLOAT. Same effect as {@code add(Double.valueOf(v))}.
 */
public interface DoubleInput {
    void addDouble(double v);
}
