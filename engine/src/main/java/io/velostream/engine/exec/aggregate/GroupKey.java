package io.velostream.engine.exec.aggregate;

import java.util.Arrays;

/**
 * The key of a group of several GROUP BY values. One instance is reused as the lookup probe
 * for every record; a copy is made only when a new group is created, so finding an existing
 * group allocates nothing. A single GROUP BY value is used as the key itself. (The service's
 * {@code @metric} meters use it the same way, keyed by label values.)
 */
public final class GroupKey {
    private final Object[] values;
    private int hash;

    public GroupKey(int size) {
        this.values = new Object[size];
    }

    private GroupKey(Object[] values, int hash) {
        this.values = values;
        this.hash = hash;
    }

    /** The probe's value array, to be filled before {@link #rehash()}. */
    public Object[] values() {
        return values;
    }

    public void rehash() {
        hash = Arrays.hashCode(values);
    }

    /** A key over {@code values}, which the caller no longer changes. */
    static GroupKey of(Object[] values) {
        return new GroupKey(values, Arrays.hashCode(values));
    }

    public GroupKey copy() {
        return new GroupKey(values.clone(), hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && k.hash == hash && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
