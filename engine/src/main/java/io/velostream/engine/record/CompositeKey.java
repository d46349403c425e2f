package io.velostream.engine.record;

import java.util.Arrays;

/**
 * A hash key of several values (GROUP BY values, join key parts, PARTITION BY values, a DISTINCT
 * row, metric labels), equal when the values are equal one by one ({@code Decimal} by value; NULL
 * equals NULL). The hash is cached, and equals compares it first. One instance is reused as the
 * lookup probe: fill {@link #values()}, {@link #rehash()}, look up, and {@link #copy()} only when
 * the key is stored, so finding an existing entry allocates nothing.
 */
public final class CompositeKey {
    private final Object[] values;
    private int hash;

    /** A probe of {@code size} values, all NULL until filled. */
    public CompositeKey(int size) {
        this.values = new Object[size];
        rehash();
    }

    private CompositeKey(Object[] values, int hash) {
        this.values = values;
        this.hash = hash;
    }

    /** A key over {@code values}, which the caller no longer changes (not copied). */
    public static CompositeKey of(Object[] values) {
        return new CompositeKey(values, Arrays.hashCode(values));
    }

    /** The probe's value array, to be filled before {@link #rehash()}. */
    public Object[] values() {
        return values;
    }

    public void rehash() {
        hash = Arrays.hashCode(values);
    }

    /** A stored key with the probe's current values. */
    public CompositeKey copy() {
        return new CompositeKey(values.clone(), hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompositeKey k && k.hash == hash && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
