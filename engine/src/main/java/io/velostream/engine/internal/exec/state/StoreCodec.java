package io.velostream.engine.internal.exec.state;

/**
 * How a store's values are written to and read back from a changelog. A value carries its own
 * key (a group knows its GROUP BY values), so the store never keeps the lookup key it was found
 * with (a reused probe).
 */
public interface StoreCodec<K, V> {
    /** The store key of {@code value}. */
    K keyOf(V value);

    /**
     * The changelog record key of store key {@code key}: equal keys give equal bytes. A persistent store
     * keeps values under these bytes, so it iterates in their (unsigned, lexicographic) order.
     */
    byte[] key(K key);

    /** The value's state now. */
    byte[] value(V value);

    /** Puts state written by {@link #value} back into {@code value}, which was changed in place since. */
    void restore(V value, byte[] state);

    /** A new value from a changelog record. */
    V decode(byte[] key, byte[] state);
}
