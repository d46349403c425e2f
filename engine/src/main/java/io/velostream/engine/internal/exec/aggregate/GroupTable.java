package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.record.CompositeKey;

import java.util.function.Consumer;

/**
 * The groups of one aggregation (or of one window) in a state store. With one GROUP BY value
 * the value itself is the store key (NULL is a group of its own, docs/sql.md#aggregation); with several, a reused
 * {@link CompositeKey} probe finds the group, so an existing group is found without allocating.
 * A group is looked up to add an input to it, so every lookup reports the group as changed.
 */
final class GroupTable {
    private static final Object NULL_KEY = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    private final KeyValueStore<Object, Group> store;
    private final Aggregation aggregation;
    private final CompositeKey probe;
    private final GroupCodec codec;

    GroupTable(int keyCount, Aggregation aggregation) {
        this(keyCount, aggregation, new InMemoryKeyValueStore<>());
    }

    GroupTable(int keyCount, Aggregation aggregation, KeyValueStore<Object, Group> store) {
        this(keyCount, aggregation, store, null);
    }

    /** @param codec the store's codec, for reads of its committed state (docs/scaling.md#interactive-queries); null: none */
    GroupTable(int keyCount, Aggregation aggregation, KeyValueStore<Object, Group> store, GroupCodec codec) {
        this.codec = codec;
        this.aggregation = aggregation;
        this.probe = keyCount > 1 ? new CompositeKey(keyCount) : null;
        this.store = store;
    }

    /** The probe to fill with this record's GROUP BY values (several keys only). */
    Object[] probeValues() {
        return probe.values();
    }

    /** The group of the single key {@code value}, created when new. */
    Group single(Object value) {
        Object k = value == null ? NULL_KEY : value;
        Group g = existing(k);
        return g != null ? g : create(k, new Object[] {value});
    }

    /** The group of the values in the probe, created when new. */
    Group probed() {
        probe.rehash();
        Group g = existing(probe);
        if (g != null) {
            return g;
        }
        CompositeKey key = probe.copy();
        return create(key, key.values());
    }

    /** The one group of an aggregation without GROUP BY. */
    Group global() {
        Group g = existing(NULL_KEY);
        return g != null ? g : create(NULL_KEY, new Object[0]);
    }

    private Group existing(Object k) {
        Group g = store.get(k);
        if (g != null) {
            store.changed(k, g);
        }
        return g;
    }

    private Group create(Object k, Object[] keys) {
        Group g = aggregation.newGroup(keys);
        store.put(k, g);
        return g;
    }

    /** The store key of a group with these GROUP BY values (the values array is kept, not copied). */
    static Object storeKey(Object[] keyValues) {
        if (keyValues.length == 0) {
            return NULL_KEY;
        }
        if (keyValues.length == 1) {
            return keyValues[0] == null ? NULL_KEY : keyValues[0];
        }
        return CompositeKey.of(keyValues);
    }

    /** The GROUP BY values of store key {@code key} of an aggregation with {@code keyCount} of them. */
    static Object[] keyValues(Object key, int keyCount) {
        if (key == NULL_KEY) {
            return keyCount == 0 ? new Object[0] : new Object[] {null};
        }
        return key instanceof CompositeKey c ? c.values() : new Object[] {key};
    }

    /** The group of these GROUP BY values as of the last commit, a copy of its own; null when it had none. */
    Group committed(Object[] keyValues) {
        Object key = storeKey(keyValues);
        byte[] state = store.committed(key);
        return state == null ? null : codec.decode(codec.key(key), state);
    }

    boolean ordered() {
        return store.ordered();
    }

    /** The committed groups from {@code from} to {@code to} GROUP BY values (null: open), in store order. */
    void committedRange(Object[] from, Object[] to, Consumer<Group> action) {
        store.committedRange(from == null ? null : codec.key(storeKey(from)), to == null ? null : codec.key(storeKey(to)),
                (key, state) -> action.accept(codec.decode(key, state)));
    }

    int size() {
        return store.size();
    }

    /** Drops every group (from the store too). */
    void clear() {
        store.clear();
    }

    void forEach(Consumer<Group> action) {
        store.forEach((k, g) -> action.accept(g));
    }
}
