package io.velostream.engine.internal.exec.state;

import java.util.function.Function;

/**
 * Opens changelog-backed stores, each over the changelog of its name, restored when opened and
 * driven by the job's commits.
 */
public final class ChangelogStores implements StoreProvider {
    private final StateStores registry;
    private final Function<String, Changelog> changelogs;

    /** @param changelogs the changelog of a store, by its name */
    public ChangelogStores(StateStores registry, Function<String, Changelog> changelogs) {
        this.registry = registry;
        this.changelogs = changelogs;
    }

    @Override
    public <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec) {
        return registry.register(new ChangelogKeyValueStore<>(codec, changelogs.apply(name)).restore());
    }
}
