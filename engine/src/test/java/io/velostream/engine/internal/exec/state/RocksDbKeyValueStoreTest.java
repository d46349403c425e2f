package io.velostream.engine.internal.exec.state;

import io.velostream.engine.internal.exec.state.ChangelogKeyValueStoreTest.Counter;
import io.velostream.engine.internal.exec.state.rocksdb.RocksDbKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

import static io.velostream.engine.internal.exec.state.ChangelogKeyValueStoreTest.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RocksDB store against the in-memory changelog store as reference: generated sequences of puts,
 * in-place changes, removes, commits, failed commits, aborted batches and reopenings (fixed seeds),
 * with a cache far smaller than the keys, so values are evicted and read back all the time.
 */
class RocksDbKeyValueStoreTest {
    private static final int KEYS = 60;
    /** Room for a handful of entries only. */
    private static final long SMALL_CACHE = 1_000;

    @TempDir
    Path dir;

    /** A changelog that counts the records it replays (restore work). */
    private static final class CountingChangelog implements Changelog {
        final MemoryChangelog log = new MemoryChangelog();
        long replayed;

        @Override
        public void append(byte[] key, byte[] value) {
            log.append(key, value);
        }

        @Override
        public long replay(long from, BiConsumer<byte[], byte[]> record) {
            return log.replay(from, (k, v) -> {
                replayed++;
                record.accept(k, v);
            });
        }

        @Override
        public long written() {
            return log.written();
        }
    }

    @Test
    void generatedOperationsMatchTheInMemoryStore() throws IOException {
        for (long seed = 1; seed <= 12; seed++) {
            runSequence(seed, dir.resolve("seed" + seed));
        }
    }

    private void runSequence(long seed, Path storeDir) throws IOException {
        Random random = new Random(seed);
        CountingChangelog log = new CountingChangelog();
        ChangelogKeyValueStore<String, Counter> reference = new ChangelogKeyValueStore<>(CODEC, new MemoryChangelog());
        RocksDbKeyValueStore<String, Counter> store = new RocksDbKeyValueStore<>(storeDir, CODEC, log, SMALL_CACHE);
        // What interactive queries may see: the contents at the last commit (docs/scaling.md#interactive-queries).
        Map<String, Long> committed = new HashMap<>();
        try {
            for (int step = 0; step < 3_000; step++) {
                String what = "seed " + seed + ", step " + step;
                int op = random.nextInt(100);
                String key = "k" + random.nextInt(KEYS);
                if (op < 45) {
                    long n = random.nextInt(100);
                    add(reference, key, n);
                    add(store, key, n);
                } else if (op < 55) {
                    assertThat(store.remove(key) == null).as(what).isEqualTo(reference.remove(key) == null);
                } else if (op < 60) {
                    Counter replacement = new Counter(key, random.nextInt(100));
                    reference.put(key, new Counter(key, replacement.n));
                    store.put(key, replacement); // a new value for a key that may have one
                } else if (op < 75) {
                    commit(reference);
                    commit(store);
                    committed = contents(reference);
                } else if (op < 80) {
                    // A transaction that fails after its flush: its records are aborted, never replayed.
                    int before = log.log.records.size();
                    reference.flush();
                    store.flush();
                    log.log.records.subList(before, log.log.records.size()).clear();
                    reference.rollback();
                    store.rollback();
                } else if (op < 85) {
                    reference.rollback(); // an aborted batch
                    store.rollback();
                } else if (op < 88) {
                    // A clean stop and start: after a commit, the checkpoint leaves nothing to replay.
                    commit(reference);
                    commit(store);
                    committed = contents(reference);
                    store.close();
                    log.replayed = 0;
                    store = new RocksDbKeyValueStore<>(storeDir, CODEC, log, SMALL_CACHE);
                    assertThat(log.replayed).as(what + ": records restored after a clean stop").isZero();
                } else if (op < 90) {
                    // A crash after a flush that reached the (non-transactional) changelog, before the commit
                    // ended: the tail after the checkpoint is replayed, and only it.
                    reference.flush();
                    store.flush();
                    store.close();
                    long tail = log.log.records.size() - checkpointed(storeDir);
                    log.replayed = 0;
                    store = new RocksDbKeyValueStore<>(storeDir, CODEC, log, SMALL_CACHE);
                    assertThat(log.replayed).as(what + ": records restored after a crash").isEqualTo(tail);
                    reference = new ChangelogKeyValueStore<>(CODEC, log.log).restore();
                    committed = contents(reference);
                } else {
                    Counter c = store.get(key);
                    Counter r = reference.get(key);
                    assertThat(c == null ? null : c.n).as(what + ": " + key).isEqualTo(r == null ? null : r.n);
                }
                assertThat(store.size()).as(what + ": size").isEqualTo(reference.size());
                assertThat(committedN(store, key)).as(what + ": committed " + key).isEqualTo(committed.get(key));
                assertThat(committedN(reference, key)).as(what + ": committed in memory " + key).isEqualTo(committed.get(key));
                if (step % 50 == 0) {
                    assertSameContents(store, reference, what);
                    Map<String, Long> range = new java.util.TreeMap<>();
                    store.committedRange(null, null, (k, v) -> range.put(new String(k, StandardCharsets.UTF_8),
                            CODEC.decode(k, v).n));
                    assertThat(range).as(what + ": committed range").isEqualTo(committed);
                }
            }
            assertSameContents(store, reference, "seed " + seed + " at the end");
            commit(store);
            assertThat(contents(new ChangelogKeyValueStore<>(CODEC, log.log).restore()))
                    .as("seed %d: the changelog restores what the store holds", seed)
                    .isEqualTo(contents(store));
        } finally {
            store.close();
        }
    }

    /** The count of {@code key} at the last commit, or null. */
    private static Long committedN(KeyValueStore<String, Counter> store, String key) {
        byte[] state = store.committed(key);
        return state == null ? null : CODEC.decode(key.getBytes(StandardCharsets.UTF_8), state).n;
    }

    /** The offset in the store's checkpoint file. */
    private static long checkpointed(Path storeDir) throws IOException {
        return Long.parseLong(Files.readString(storeDir.resolve("checkpoint")).trim());
    }

    @Test
    void iteratesInTheOrderOfTheKeysBytesWithUncommittedChangesMergedIn() {
        RocksDbKeyValueStore<String, Counter> store = new RocksDbKeyValueStore<>(dir, CODEC, new MemoryChangelog(), SMALL_CACHE);
        try {
            for (String k : List.of("m", "b", "x", "a")) {
                add(store, k, 1);
            }
            commit(store);
            List<String> range = new ArrayList<>();
            store.committedRange("b".getBytes(StandardCharsets.UTF_8), "n".getBytes(StandardCharsets.UTF_8),
                    (k, v) -> range.add(new String(k, StandardCharsets.UTF_8)));
            assertThat(range).as("a committed range, bounds included").containsExactly("b", "m");
            add(store, "c", 1); // uncommitted, between committed keys
            add(store, "z", 1);
            store.remove("m");
            List<String> keys = new ArrayList<>();
            store.forEach((k, v) -> keys.add(k));
            assertThat(keys).containsExactly("a", "b", "c", "x", "z");
        } finally {
            store.close();
        }
    }

    /** The store's files are wiped when the checkpoint is missing: they may hold an interrupted restore. */
    @Test
    void aMissingCheckpointRestoresTheWholeChangelogIntoFreshFiles() throws Exception {
        CountingChangelog log = new CountingChangelog();
        RocksDbKeyValueStore<String, Counter> store = withAandB(log);
        store.remove("b");
        commit(store);
        store.close();
        Files.delete(dir.resolve("checkpoint"));
        log.replayed = 0;
        assertThat(reopened(log)).isEqualTo(Map.of("a", 1L));
        assertThat(log.replayed).isEqualTo(3);
    }

    /** A checkpoint past the changelog's end (the topic was deleted and made again) is stale: restored from the start. */
    @Test
    void aCheckpointPastTheChangelogsEndRestoresFromTheStart() throws Exception {
        withAandB(new CountingChangelog()).close();
        CountingChangelog remade = new CountingChangelog();
        remade.append("c".getBytes(StandardCharsets.UTF_8), CODEC.value(new Counter("c", 3)));
        assertThat(reopened(remade)).isEqualTo(Map.of("c", 3L));
    }

    /**
     * A store still open elsewhere (a task of another thread that has not closed it yet) is refused before its
     * files are touched; the task router makes it a retriable failure of the batch.
     */
    @Test
    void aStoreOpenElsewhereIsRefusedAsInUse() {
        RocksDbKeyValueStore<String, Counter> store = withAandB(new MemoryChangelog());
        try {
            assertThatThrownBy(() -> new RocksDbKeyValueStore<>(dir, CODEC, new MemoryChangelog(), SMALL_CACHE))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(StoreInUseException.class)
                    .hasMessageContaining("give each instance its own");
            assertThat(contents(store)).as("the open store's files are untouched").containsOnlyKeys("a", "b");
        } finally {
            store.close();
        }
    }

    /** A store in {@link #dir} over {@code log} holding a = 1 and b = 2, committed. */
    private RocksDbKeyValueStore<String, Counter> withAandB(Changelog log) {
        RocksDbKeyValueStore<String, Counter> store = new RocksDbKeyValueStore<>(dir, CODEC, log, SMALL_CACHE);
        add(store, "a", 1);
        add(store, "b", 2);
        commit(store);
        return store;
    }

    /** What the store in {@link #dir} holds, opened over {@code log}. */
    private Map<String, Long> reopened(Changelog log) {
        RocksDbKeyValueStore<String, Counter> store = new RocksDbKeyValueStore<>(dir, CODEC, log, SMALL_CACHE);
        try {
            return contents(store);
        } finally {
            store.close();
        }
    }

    private static void add(KeyValueStore<String, Counter> store, String key, long n) {
        Counter c = store.get(key);
        if (c == null) {
            store.put(key, new Counter(key, n));
        } else {
            store.changed(key, c);
            c.n += n;
        }
    }

    private static void commit(KeyValueStore<?, ?> store) {
        store.flush();
        store.committed();
    }

    private static Map<String, Long> contents(KeyValueStore<String, Counter> store) {
        Map<String, Long> m = new HashMap<>();
        store.forEach((k, c) -> m.put(k, c.n));
        return m;
    }

    private static void assertSameContents(RocksDbKeyValueStore<String, Counter> store,
                                           ChangelogKeyValueStore<String, Counter> reference, String what) {
        List<String> order = new ArrayList<>();
        store.forEach((k, c) -> order.add(k));
        List<String> sorted = new ArrayList<>(order);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        assertThat(order).as(what + ": key order").isEqualTo(sorted);
        assertThat(contents(store)).as(what).isEqualTo(contents(reference));
    }
}
