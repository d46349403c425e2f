package io.velostream.engine.internal.exec.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A store in memory whose changes go to a changelog at each {@link #flush()} (the job's commit)
 * and which is rebuilt from it by {@link #restore()}. Between commits it keeps an undo log — the
 * state of each value before its first change, the values created, the values removed — so that
 * {@link #rollback()} returns to the last commit when a batch is aborted. The log is kept until
 * the commit {@linkplain #committed() succeeded}: a commit that fails after the flush (a
 * transaction fenced in a rebalance) rolls back too, else the batches read again would be
 * counted on top of their own changes. Values are tracked by
 * identity: {@link #changed} is reported before the value changes in place.
 */
public final class ChangelogKeyValueStore<K, V> implements KeyValueStore<K, V> {
    private final Map<K, V> map = new LinkedHashMap<>();
    private final StoreCodec<K, V> codec;
    private final Changelog changelog;
    /** Values changed or created since the last commit, with their state at that commit (null: created since). */
    private final Map<V, byte[]> changedSinceFlush = new IdentityHashMap<>();
    /** The keys of {@link #changedSinceFlush} in the order of their first change: the changelog's order. */
    private final List<V> changeOrder = new ArrayList<>();
    private final List<V> removedSinceFlush = new ArrayList<>();
    private final Set<V> created = Collections.newSetFromMap(new IdentityHashMap<>());
    private Runnable afterRollback;

    public ChangelogKeyValueStore(StoreCodec<K, V> codec, Changelog changelog) {
        this.codec = codec;
        this.changelog = changelog;
    }

    /**
     * Rebuilds the store from its changelog; call once, before the first batch. A tombstone names its
     * value by changelog key only, so the store keys of restored values are indexed by their changelog
     * key: each record costs a lookup, not a scan of the store (a restore stays linear in the log).
     */
    public ChangelogKeyValueStore<K, V> restore() {
        Map<ByteBuffer, K> storeKeys = new HashMap<>();
        changelog.replay(0, (key, state) -> {
            V value = state == null ? null : codec.decode(key, state);
            if (value == null) {
                K removed = storeKeys.remove(ByteBuffer.wrap(key));
                if (removed != null) {
                    map.remove(removed);
                }
            } else {
                K storeKey = codec.keyOf(value);
                map.put(storeKey, value);
                storeKeys.put(ByteBuffer.wrap(key), storeKey);
            }
        });
        return this;
    }

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        V old = map.put(key, value);
        if (old != null && old != value) {
            removed(old);
        }
        if (!changedSinceFlush.containsKey(value)) {
            created.add(value);
            changedSinceFlush.put(value, null);
            changeOrder.add(value);
        }
    }

    @Override
    public V remove(K key) {
        V v = map.remove(key);
        if (v != null) {
            removed(v);
        }
        return v;
    }

    private void removed(V value) {
        if (!created.remove(value)) {
            changed(null, value);
            removedSinceFlush.add(value);
        } else {
            changedSinceFlush.remove(value);
        }
    }

    @Override
    public void changed(K key, V value) {
        if (!changedSinceFlush.containsKey(value)) {
            changedSinceFlush.put(value, codec.value(value));
            changeOrder.add(value);
        }
    }

    @Override
    public int size() {
        return map.size();
    }

    /** The map's size read from another thread: one field, a moment's figure. */
    @Override
    public StoreStats stats() {
        return new StoreStats() {
            @Override
            public long keys() {
                return map.size();
            }

            @Override
            public long bytes() {
                return -1;
            }

            @Override
            public long cacheHits() {
                return -1;
            }

            @Override
            public long cacheMisses() {
                return -1;
            }
        };
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach(action);
    }

    /**
     * A value removed since the commit holds its committed state in the undo log; a value changed since holds it
     * there too (none: created since); any other value is as committed.
     */
    @Override
    public byte[] committed(K key) {
        for (V removed : removedSinceFlush) {
            if (codec.keyOf(removed).equals(key)) {
                return changedSinceFlush.get(removed);
            }
        }
        V v = map.get(key);
        if (v == null) {
            return null;
        }
        return changedSinceFlush.containsKey(v) ? changedSinceFlush.get(v) : codec.value(v);
    }

    @Override
    public void clear() {
        for (V v : new ArrayList<>(map.values())) {
            removed(v);
        }
        map.clear();
    }

    @Override
    public void flush() {
        // The undo log is left as it is: a commit that fails after the flush rolls back to the last commit, so a
        // value changed and then removed since must come back with its state at that commit, not its last.
        Set<V> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (V v : removedSinceFlush) {
            changelog.append(codec.key(codec.keyOf(v)), null);
            removed.add(v);
        }
        for (V v : changeOrder) {
            if (changedSinceFlush.containsKey(v) && !removed.contains(v)) { // not removed since
                changelog.append(codec.key(codec.keyOf(v)), codec.value(v));
            }
        }
    }

    @Override
    public void committed() {
        forget();
    }

    @Override
    public void rollback() {
        for (V v : created) {
            map.remove(codec.keyOf(v));
        }
        for (Map.Entry<V, byte[]> e : changedSinceFlush.entrySet()) {
            if (e.getValue() != null) {
                codec.restore(e.getKey(), e.getValue());
            }
        }
        for (V v : removedSinceFlush) {
            map.put(codec.keyOf(v), v);
        }
        forget();
        if (afterRollback != null) {
            afterRollback.run();
        }
    }

    @Override
    public void onRollback(Runnable rebuild) {
        afterRollback = rebuild;
    }

    private void forget() {
        changedSinceFlush.clear();
        changeOrder.clear();
        removedSinceFlush.clear();
        created.clear();
    }
}
