package io.velostream.engine.internal.exec.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** The in-memory store: a hash map that keeps insertion order. */
public final class InMemoryKeyValueStore<K, V> implements KeyValueStore<K, V> {
    private final Map<K, V> map = new LinkedHashMap<>();

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        map.put(key, value);
    }

    @Override
    public V remove(K key) {
        return map.remove(key);
    }

    @Override
    public void changed(K key, V value) {
        // The value is the map's own object: nothing to write.
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach(action);
    }

    @Override
    public void clear() {
        map.clear();
    }
}
