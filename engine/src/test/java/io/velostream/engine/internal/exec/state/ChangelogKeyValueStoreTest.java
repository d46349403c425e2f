package io.velostream.engine.internal.exec.state;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class ChangelogKeyValueStoreTest {
    /** A value changed in place, as accumulators are. */
    static final class Counter {
        final String key;
        long n;

        Counter(String key, long n) {
            this.key = key;
            this.n = n;
        }
    }

    static final StoreCodec<String, Counter> CODEC = new StoreCodec<>() {
        @Override
        public String keyOf(Counter c) {
            return c.key;
        }

        @Override
        public byte[] key(String key) {
            return key.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] value(Counter c) {
            return ByteBuffer.allocate(8).putLong(c.n).array();
        }

        @Override
        public void restore(Counter c, byte[] state) {
            c.n = ByteBuffer.wrap(state).getLong();
        }

        @Override
        public Counter decode(byte[] key, byte[] state) {
            return new Counter(new String(key, StandardCharsets.UTF_8), ByteBuffer.wrap(state).getLong());
        }
    };

    private final MemoryChangelog log = new MemoryChangelog();

    private static void add(KeyValueStore<String, Counter> store, String key, long n) {
        Counter c = store.get(key);
        if (c == null) {
            store.put(key, new Counter(key, n));
        } else {
            store.changed(key, c); // reported before the change, as GroupTable does
            c.n += n;
        }
    }

    private static Map<String, Long> contents(KeyValueStore<String, Counter> store) {
        Map<String, Long> m = new LinkedHashMap<>();
        store.forEach((k, c) -> m.put(k, c.n));
        return m;
    }

    @Test
    void flushWritesWhatChangedOnceAndARestoredStoreHasTheLatestValues() {
        ChangelogKeyValueStore<String, Counter> store = new ChangelogKeyValueStore<>(CODEC, log);
        add(store, "a", 1);
        add(store, "a", 2);
        add(store, "b", 5);
        commit(store);
        assertThat(log.records).hasSize(2);
        add(store, "a", 10);
        commit(store);
        commit(store); // nothing changed: nothing written
        assertThat(log.records).hasSize(3);

        ChangelogKeyValueStore<String, Counter> restored = new ChangelogKeyValueStore<>(CODEC, log).restore();
        assertThat(contents(restored)).containsExactly(Map.entry("a", 13L), Map.entry("b", 5L));
    }

    @Test
    void rollbackReturnsToTheLastCommit() {
        ChangelogKeyValueStore<String, Counter> store = new ChangelogKeyValueStore<>(CODEC, log);
        add(store, "a", 1);
        commit(store);
        add(store, "a", 2);
        add(store, "a", 4);
        add(store, "new", 7);
        store.remove("a");
        store.rollback();
        assertThat(contents(store)).containsExactly(Map.entry("a", 1L));
        assertThat(log.records).hasSize(1);

        add(store, "a", 2);
        store.remove("a");
        commit(store);
        assertThat(new ChangelogKeyValueStore<>(CODEC, log).restore().size()).isZero();
    }

    /**
     * Many groups created, some removed (tombstones), some of those created again, through many
     * flushes: the restored store holds exactly the live groups with their latest values. (Restore
     * once scanned the whole store per tombstone; this log of 20 000 records took seconds.)
     */
    @Test
    void aRestoreWithManyTombstonesHoldsExactlyTheLiveGroups() {
        ChangelogKeyValueStore<String, Counter> store = new ChangelogKeyValueStore<>(CODEC, log);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            add(store, "k" + i, i);
            expected.put("k" + i, (long) i);
            if (i % 100 == 99) {
                commit(store);
            }
        }
        for (int i = 0; i < 10_000; i += 2) { // half of them removed: 5 000 tombstones
            store.remove("k" + i);
            expected.remove("k" + i);
        }
        commit(store);
        for (int i = 0; i < 10_000; i += 10) { // a fifth of those created again, after their tombstone
            add(store, "k" + i, -i);
            expected.put("k" + i, (long) -i);
        }
        add(store, "k1", 1000); // and a live one changed
        expected.merge("k1", 1000L, Long::sum);
        commit(store);
        store.remove("k3"); // removed but never flushed: not in the log, still live after a restore
        assertThat(log.records).hasSize(10_000 + 5_000 + 1_000 + 1);

        ChangelogKeyValueStore<String, Counter> restored = new ChangelogKeyValueStore<>(CODEC, log).restore();
        assertThat(contents(restored)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** A commit that fails after its flush (a fenced transaction) is rolled back like an aborted batch. */
    @Test
    void aFailedCommitRollsBackToTheCommitBefore() {
        ChangelogKeyValueStore<String, Counter> store = new ChangelogKeyValueStore<>(CODEC, log);
        add(store, "a", 1);
        commit(store);
        add(store, "a", 2);
        add(store, "b", 3);
        store.flush(); // written into the transaction, which then fails to commit
        store.rollback();
        assertThat(contents(store)).containsExactly(Map.entry("a", 1L));
    }

    /** A value changed and then removed (a window that closed) comes back with its state at the commit before. */
    @Test
    void aFailedCommitRestoresAValueChangedAndRemovedSince() {
        ChangelogKeyValueStore<String, Counter> store = new ChangelogKeyValueStore<>(CODEC, log);
        add(store, "a", 5);
        commit(store);
        add(store, "a", 3);
        store.remove("a");
        store.flush(); // the tombstone written into a commit that then fails
        store.rollback();
        assertThat(contents(store)).containsExactly(Map.entry("a", 5L));
    }

    private static void commit(ChangelogKeyValueStore<?, ?> store) {
        store.flush();
        store.committed();
    }
}
