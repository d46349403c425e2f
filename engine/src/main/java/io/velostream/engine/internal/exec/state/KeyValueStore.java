package io.velostream.engine.internal.exec.state;

import java.util.function.BiConsumer;

/**
 * Operator state: aggregation groups, windows, stream–stream join buffers and tables. It
 * lives behind this interface so that the in-memory store can be backed by a compacted Kafka
 * changelog and restored from it: values are changed in place (accumulators) and reported with
 * {@link #changed}, and {@link #flush} is the commit at which a changelog-backed store writes
 * what changed since the last one ({@link #committed} once it succeeded).
 *
 * <p>A store belongs to one job thread. The in-memory stores iterate in insertion order, so results
 * come out in the order their groups first appeared; a persistent store iterates in the order of its
 * keys' changelog bytes (docs/scaling.md#stores), so an operator that needs an order keeps it itself
 * (an age, a time) rather than relying on iteration. A persistent store may also hand out a new object
 * for a key whose value it dropped from its cache: an operator that keeps references to values between
 * records either never looks them up by key again or opens its store
 * {@linkplain StoreProvider#openPinned pinned}.
 */
public interface KeyValueStore<K, V> {
    /** The value of {@code key}, or null. */
    V get(K key);

    void put(K key, V value);

    /** Removes {@code key}; returns its value or null. */
    V remove(K key);

    /** The value of {@code key} was changed in place since it was put. */
    void changed(K key, V value);

    int size();

    /** Every entry: in insertion order in memory, in key order in a persistent store. */
    void forEach(BiConsumer<? super K, ? super V> action);

    /** Drops every entry. */
    void clear();

    /**
     * The commit is being made: what changed since the last commit is written (a no-op in memory).
     * The commit may still fail; {@link #committed} or {@link #rollback} follows.
     */
    default void flush() {
    }

    /** The commit that {@link #flush} wrote for succeeded: it is the point a rollback returns to from now on. */
    default void committed() {
    }

    /**
     * The batches since the last commit were aborted, or the commit failed: return to the state of
     * the last commit. The in-memory store cannot (values change in place) and keeps what it has.
     */
    default void rollback() {
    }

    /**
     * Runs {@code rebuild} after each {@link #rollback}, so that an operator's in-memory indexes
     * over the store (window order, session lookup) follow it back. Stores that cannot roll back
     * never run it.
     */
    default void onRollback(Runnable rebuild) {
    }

    /**
     * The state of {@code key} at the last commit, as {@link StoreCodec#value} wrote it, or null when it had none
     * then: what an interactive query may see (docs/scaling.md#interactive-queries). Changes since the commit are
     * not visible. Only a changelog-backed store can tell.
     */
    default byte[] committed(K key) {
        throw new UnsupportedOperationException("this store keeps no committed state");
    }

    /** Whether the store orders its keys, so {@link #committedRange} works. */
    default boolean ordered() {
        return false;
    }

    /**
     * The committed entries whose changelog keys are in {@code [from, to]} (unsigned, lexicographic; null: open),
     * in that order, as changelog key and state.
     */
    default void committedRange(byte[] from, byte[] to, BiConsumer<byte[], byte[]> entry) {
        throw new UnsupportedOperationException("this store does not order its keys");
    }

    /** Its figures for meters, or null when it keeps none (a store without changelog). */
    default StoreStats stats() {
        return null;
    }

    /** The store's task is closed or its job ends: what it holds off the heap is released. */
    default void close() {
    }
}
