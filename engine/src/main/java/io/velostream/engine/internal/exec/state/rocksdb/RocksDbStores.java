package io.velostream.engine.internal.exec.state.rocksdb;

import io.velostream.engine.internal.exec.state.Changelog;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreFactory;

import java.nio.file.Path;

/**
 * The persistent stores of one task: a RocksDB per store in {@code <task dir>/<store>}, the task's
 * directory being {@code <state.dir>/<application>/<job>/<task partition>} (docs/scaling.md#stores).
 */
public final class RocksDbStores implements StoreFactory {
    private final Path taskDir;
    private final long cacheMaxBytes;

    /** @param cacheMaxBytes the bound of each store's cache (a pinned store's is unbounded) */
    public RocksDbStores(Path taskDir, long cacheMaxBytes) {
        this.taskDir = taskDir;
        this.cacheMaxBytes = cacheMaxBytes;
    }

    @Override
    public <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec, Changelog changelog, boolean pinned) {
        return new RocksDbKeyValueStore<>(taskDir.resolve(name), codec, changelog, pinned ? -1 : cacheMaxBytes);
    }
}
