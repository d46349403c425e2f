package io.velostream.engine.internal.exec.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Opens the changelog-backed stores of one job (or one task of it), each on a changelog of its own,
 * made by a {@link StoreFactory} (in memory or persistent), restored when opened and driven by the job's
 * commits. Store names are made unique within the job: a second store named {@code windows} is
 * {@code windows2} (docs/kafka.md#state).
 */
public final class ChangelogStores implements StoreProvider {
    private final StateStores registry;
    private final Function<String, Changelog> changelogs;
    private final Map<String, Integer> opened;
    private final StoreFactory factory;

    /** In-memory stores. @param changelogs the changelog of a store, by its unique name */
    public ChangelogStores(StateStores registry, Function<String, Changelog> changelogs) {
        this(registry, changelogs, Map.of(), StoreFactory.MEMORY);
    }

    /**
     * @param changelogs the changelog of a store, by its unique name
     * @param taken      the names the job's stores opened elsewhere have taken, and how often
     */
    public ChangelogStores(StateStores registry, Function<String, Changelog> changelogs, Map<String, Integer> taken,
                           StoreFactory factory) {
        this.registry = registry;
        this.changelogs = changelogs;
        this.opened = new HashMap<>(taken);
        this.factory = factory;
    }

    @Override
    public <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec) {
        return open(name, codec, false);
    }

    @Override
    public <K, V> KeyValueStore<K, V> openPinned(String name, StoreCodec<K, V> codec) {
        return open(name, codec, true);
    }

    private <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec, boolean pinned) {
        String unique = unique(opened, name);
        return registry.register(unique, factory.open(unique, codec, changelogs.apply(unique), pinned));
    }

    /** {@code name}, or {@code name2}, {@code name3}... when {@code opened} has it already; notes it there. */
    public static String unique(Map<String, Integer> opened, String name) {
        int n = opened.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + n;
    }
}
