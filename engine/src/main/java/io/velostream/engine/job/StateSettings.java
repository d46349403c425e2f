package io.velostream.engine.job;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a job keeps the state of its stateful operators (docs/scaling.md#stores): in memory, rebuilt from
 * the changelogs at each start, or in RocksDB under {@code dir}, restored from the changelog tail after
 * each store's checkpoint.
 *
 * @param cacheMaxBytes the bound of each RocksDB store's cache of live values, in estimated heap bytes
 */
public record StateSettings(Store store, Path dir, long cacheMaxBytes) {
    /** The kind of store ({@code state.store}). */
    public enum Store {
        MEMORY, ROCKSDB;

        /** {@code memory} or {@code rocksdb}, any case. */
        public static Store parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + JobSettings.STATE_STORE + "' must be 'memory' or 'rocksdb', got '"
                        + s + "'");
            }
        }
    }

    /** 16 MiB per store and task. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 16L << 20;

    /** In memory; the directory a RocksDB store would take: {@code velostream-state} in the temporary directory. */
    public static StateSettings defaults() {
        return new StateSettings(Store.MEMORY, Path.of(System.getProperty("java.io.tmpdir"), "velostream-state"),
                DEFAULT_CACHE_MAX_BYTES);
    }

    /** The directory of one task's stores: {@code <dir>/<application>/<job>/<task partition>}. */
    public Path taskDir(String application, String job, int partition) {
        return dir.resolve(application).resolve(job).resolve(Integer.toString(partition));
    }
}
