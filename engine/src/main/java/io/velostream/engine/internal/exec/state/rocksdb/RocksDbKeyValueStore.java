package io.velostream.engine.internal.exec.state.rocksdb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.velostream.engine.internal.exec.state.Changelog;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreInUseException;
import io.velostream.engine.internal.exec.state.StoreStats;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A store in RocksDB on local disk, with a bounded Caffeine cache of live values in front of it, backed
 * by a changelog like the in-memory store (docs/scaling.md#stores). It keeps the {@link KeyValueStore}
 * contract: values change in place, {@link #flush()} writes what changed since the last commit to the
 * changelog, {@link #rollback()} returns to the last commit.
 *
 * <p><b>RocksDB holds committed state only.</b> Changes since the last commit live on the heap, in
 * {@link #pending} (pinned there, whatever the cache evicts) with their undo state; they are written to
 * RocksDB in one batch in {@link #committed()}, after the commit succeeded, and the checkpoint (the
 * changelog offset RocksDB holds) after them. So the local store is never ahead of the last committed
 * transaction, a rollback never touches RocksDB, and a restart replays the changelog from the checkpoint
 * (records replayed again are whole values, so replaying over newer local state ends in the same state).
 * The price: the heap holds the values changed within one commit interval beyond the cache's bound, which
 * the commit interval bounds. The cache therefore only ever evicts clean values, already in RocksDB: an
 * eviction writes nothing.
 *
 * <p>Iteration is in the order of the keys' changelog bytes (unsigned), changes since the last commit
 * merged in.
 */
public final class RocksDbKeyValueStore<K, V> implements KeyValueStore<K, V> {
    static {
        RocksDB.loadLibrary();
    }

    /** A cache entry's heap beyond its key's and value's state bytes: a rough figure, for the cache's weigher. */
    private static final int ENTRY_OVERHEAD = 96;
    /** Records restored between two writes to RocksDB. */
    private static final int RESTORE_BATCH = 10_000;
    private static final Comparator<byte[]> KEY_ORDER = Arrays::compareUnsigned;

    private final StoreCodec<K, V> codec;
    private final Changelog changelog;
    private final Path dir;
    private final Checkpoint checkpoint;
    private final Options options;
    private final WriteOptions writeOptions = new WriteOptions();
    private final WriteBatch batch = new WriteBatch();
    private RocksDB db;
    private StoreLock lock;
    /** Clean values (their state is RocksDB's), or values changed since the commit, which {@link #pending} holds too. */
    private final Cache<K, V> cache;
    /** The weight of the value put in the cache next: Caffeine weighs on the putting thread, which is this store's. */
    private int nextWeight;
    /** Changes since the last commit, by stable key: the live value, or null for a key removed. */
    private final Map<K, V> pending = new HashMap<>();
    /** The state at the last commit of each value changed or removed since (null: created since). */
    private final Map<V, byte[]> undo = new IdentityHashMap<>();
    /** What {@link #flush} wrote, for the cache once committed. */
    private final List<Flushed<K, V>> flushed = new ArrayList<>();
    private long size;
    private long committedSize;
    /** The offset the checkpoint file holds. */
    private long checkpointed;
    /** What meters read from other threads: the committed keys, and the bytes RocksDB holds, as of the last commit. */
    private volatile long committedKeys;
    private volatile long bytes;
    private Runnable afterRollback;

    private record Flushed<K, V>(K key, V value, int weight) {
    }

    /**
     * Opens the store in {@code dir} and brings it up to date with its changelog: the tail after its
     * checkpoint, or the whole changelog when there is no checkpoint (the files are wiped first: they may
     * hold changes of an interrupted restore) or the checkpoint is outside the changelog (a topic made again).
     *
     * @param cacheMaxBytes the cache's bound, in estimated heap bytes; negative: unbounded (a pinned store)
     */
    public RocksDbKeyValueStore(Path dir, StoreCodec<K, V> codec, Changelog changelog, long cacheMaxBytes) {
        this.dir = dir;
        this.codec = codec;
        this.changelog = changelog;
        this.checkpoint = new Checkpoint(dir.resolve("checkpoint"));
        this.options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)));
        Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run) // evicts on this thread
                .recordStats(); // the hit ratio meter (docs/operations.md#metrics)
        this.cache = cacheMaxBytes < 0 ? builder.build()
                : builder.maximumWeight(cacheMaxBytes).<K, V>weigher((k, v) -> nextWeight).build();
        try {
            lock = StoreLock.acquire(dir);
            long from = checkpoint.read();
            if (from < 0) {
                wipe();
            }
            db = RocksDB.open(options, dir.resolve("db").toString());
            long end = restore(Math.max(from, 0));
            if (end < 0) {
                db.close();
                wipe();
                db = RocksDB.open(options, dir.resolve("db").toString());
                end = restore(0);
            }
            checkpoint.write(end);
            checkpointed = end;
            size = committedSize = countKeys();
            measure();
        } catch (StoreInUseException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RocksDBException | IOException e) {
            close();
            throw new UncheckedIOException(new IOException("cannot open the state store in " + dir + ": "
                    + e.getMessage(), e));
        }
    }

    /** Applies the changelog from offset {@code from}; returns its end, or -1 when {@code from} is outside it. */
    private long restore(long from) throws RocksDBException {
        RocksDBException[] failed = {null};
        int[] inBatch = {0};
        long end = changelog.replay(from, (key, value) -> {
            try {
                if (value == null) {
                    batch.delete(key);
                } else {
                    batch.put(key, value);
                }
                if (++inBatch[0] == RESTORE_BATCH) {
                    db.write(writeOptions, batch);
                    batch.clear();
                    inBatch[0] = 0;
                }
            } catch (RocksDBException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        db.write(writeOptions, batch);
        batch.clear();
        return end;
    }

    /** Deletes the store's files and checkpoint (the checkpoint first: a crash meanwhile leaves none). */
    private void wipe() throws IOException {
        checkpoint.delete();
        Path files = dir.resolve("db");
        if (Files.exists(files)) {
            try (var paths = Files.walk(files)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(files);
    }

    private long countKeys() {
        long n = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public V get(K key) {
        V v = pending.get(key);
        if (v != null || (!pending.isEmpty() && pending.containsKey(key))) {
            return v;
        }
        v = cache.getIfPresent(key);
        if (v != null) {
            return v;
        }
        byte[] k = codec.key(key);
        byte[] state = read(k);
        return state == null ? null : live(k, state);
    }

    /**
     * The live object of a committed entry: the cached one, else the entry decoded and cached under its own key
     * ({@code get}'s may be a reused probe).
     */
    private V live(byte[] key, byte[] state) {
        V v = codec.decode(key, state);
        K own = codec.keyOf(v);
        V cached = cache.getIfPresent(own);
        if (cached != null) {
            return cached;
        }
        nextWeight = weight(key, state);
        cache.put(own, v);
        return v;
    }

    private static int weight(byte[] key, byte[] state) {
        return key.length + state.length + ENTRY_OVERHEAD;
    }

    private byte[] read(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void put(K key, V value) {
        boolean had = pending.containsKey(key);
        V old = pending.put(key, value);
        if (old == value) {
            return;
        }
        if (!undo.containsKey(value)) {
            undo.put(value, null);
        }
        if (old != null && undo.get(old) == null) {
            undo.remove(old); // created since the commit and gone again: nothing to undo
        }
        if (had ? old == null : !committedHas(key)) {
            size++;
        }
    }

    private boolean committedHas(K key) {
        if (cache.getIfPresent(key) != null) {
            return true;
        }
        try {
            return db.keyExists(codec.key(key));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("the state store in " + dir + " cannot be read: "
                    + e.getMessage(), e));
        }
    }

    @Override
    public V remove(K key) {
        V old = get(key);
        if (old == null) {
            return null;
        }
        if (!undo.containsKey(old)) {
            undo.put(old, codec.value(old));
        } else if (undo.get(old) == null) {
            undo.remove(old);
        }
        pending.put(codec.keyOf(old), null);
        size--;
        return old;
    }

    @Override
    public void changed(K key, V value) {
        if (!undo.containsKey(value)) {
            undo.put(value, codec.value(value));
            pending.put(codec.keyOf(value), value); // its own key: the caller's may be a reused probe, or null
        }
    }

    @Override
    public int size() {
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /** In key order: RocksDB's committed entries, with the changes since the commit merged in. */
    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        // A copy: the action may change the store (report a value changed) while it runs.
        List<Change<K, V>> changes = new ArrayList<>(pending.size());
        pending.forEach((k, v) -> changes.add(new Change<>(codec.key(k), k, v)));
        changes.sort((a, b) -> KEY_ORDER.compare(a.bytes(), b.bytes()));
        int next = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                int order = 1;
                while (next < changes.size() && (order = KEY_ORDER.compare(changes.get(next).bytes(), key)) < 0) {
                    changes.get(next++).accept(action);
                }
                if (order == 0) {
                    changes.get(next++).accept(action); // changed since the commit: the live value, or removed
                    continue;
                }
                V v = live(key, it.value());
                action.accept(codec.keyOf(v), v);
            }
        }
        while (next < changes.size()) {
            changes.get(next++).accept(action);
        }
    }

    /** A change since the commit, by its key's bytes: a value, or null for a key removed. */
    private record Change<K, V>(byte[] bytes, K key, V value) {
        void accept(BiConsumer<? super K, ? super V> action) {
            if (value != null) {
                action.accept(key, value);
            }
        }
    }

    /** RocksDB holds committed state only. */
    @Override
    public byte[] committed(K key) {
        return read(codec.key(key));
    }

    @Override
    public boolean ordered() {
        return true;
    }

    @Override
    public void committedRange(byte[] from, byte[] to, BiConsumer<byte[], byte[]> entry) {
        try (RocksIterator it = db.newIterator()) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(from);
            }
            for (; it.isValid() && (to == null || KEY_ORDER.compare(it.key(), to) <= 0); it.next()) {
                entry.accept(it.key(), it.value());
            }
        }
    }

    @Override
    public void clear() {
        List<K> keys = new ArrayList<>();
        forEach((k, v) -> keys.add(k));
        keys.forEach(this::remove);
    }

    /** Writes the changes since the last commit to the changelog, and gathers them for RocksDB (written once committed). */
    @Override
    public void flush() {
        batch.clear();
        flushed.clear();
        try {
            for (Map.Entry<K, V> e : pending.entrySet()) {
                byte[] key = codec.key(e.getKey());
                V v = e.getValue();
                if (v == null) {
                    changelog.append(key, null);
                    batch.delete(key);
                    flushed.add(new Flushed<>(e.getKey(), null, 0));
                } else {
                    byte[] state = codec.value(v);
                    changelog.append(key, state);
                    batch.put(key, state);
                    flushed.add(new Flushed<>(e.getKey(), v, weight(key, state)));
                }
            }
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    /** The commit succeeded: its changes go to RocksDB, then the checkpoint records the changelog offset they reach. */
    @Override
    public void committed() {
        boolean wrote = !flushed.isEmpty();
        if (!flushed.isEmpty()) {
            try {
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw failure("write", e);
            }
            for (Flushed<K, V> f : flushed) {
                if (f.value() == null) {
                    cache.invalidate(f.key());
                } else {
                    nextWeight = f.weight();
                    cache.put(f.key(), f.value());
                }
            }
        }
        batch.clear();
        flushed.clear();
        pending.clear();
        undo.clear();
        committedSize = size;
        if (wrote) {
            measure();
        }
        long offset = changelog.written();
        if (offset > checkpointed) {
            try {
                checkpoint.write(offset);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            checkpointed = offset;
        }
    }

    @Override
    public void rollback() {
        undo.forEach((v, state) -> {
            if (state != null) {
                codec.restore(v, state);
            }
        });
        batch.clear();
        flushed.clear();
        pending.clear();
        undo.clear();
        size = committedSize;
        if (afterRollback != null) {
            afterRollback.run();
        }
    }

    /** Committed keys and RocksDB's size, after a commit that wrote (a property read, not a scan). */
    private void measure() {
        committedKeys = committedSize;
        try {
            bytes = db.getLongProperty("rocksdb.total-sst-files-size") + db.getLongProperty("rocksdb.size-all-mem-tables");
        } catch (RocksDBException e) {
            bytes = -1;
        }
    }

    @Override
    public StoreStats stats() {
        return new StoreStats() {
            @Override
            public long keys() {
                return committedKeys;
            }

            @Override
            public long bytes() {
                return bytes;
            }

            @Override
            public long cacheHits() {
                return cache.stats().hitCount();
            }

            @Override
            public long cacheMisses() {
                return cache.stats().missCount();
            }
        };
    }

    @Override
    public void onRollback(Runnable rebuild) {
        afterRollback = rebuild;
    }

    @Override
    public void close() {
        cache.invalidateAll();
        if (db != null) {
            db.close();
            db = null;
        }
        batch.close();
        writeOptions.close();
        options.close();
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lock = null;
        }
    }

    private UncheckedIOException failure(String what, RocksDBException e) {
        return new UncheckedIOException(new IOException("cannot " + what + " the state store in " + dir + ": "
                + e.getMessage(), e));
    }
}
