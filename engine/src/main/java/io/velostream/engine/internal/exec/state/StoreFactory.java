package io.velostream.engine.internal.exec.state;

/**
 * Makes one store of a task over its changelog, restored from it when made: in memory, or persistent
 * (docs/scaling.md#stores).
 */
public interface StoreFactory {
    /** In memory, rebuilt from the whole changelog. */
    StoreFactory MEMORY = new StoreFactory() {
        @Override
        public <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec, Changelog changelog, boolean pinned) {
            return new ChangelogKeyValueStore<>(codec, changelog).restore();
        }
    };

    /**
     * @param name   the store's name, unique within the job
     * @param pinned every value stays on the heap (see {@link StoreProvider#openPinned})
     */
    <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec, Changelog changelog, boolean pinned);
}
