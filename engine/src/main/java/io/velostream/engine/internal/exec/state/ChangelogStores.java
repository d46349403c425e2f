package io.velostream.engine.internal.exec.state;

/** Opens changelog-backed stores over one changelog, restored when opened and driven by the job's commits. */
public final class ChangelogStores implements StoreProvider {
    private final StateStores registry;
    private final Changelog changelog;

    public ChangelogStores(StateStores registry, Changelog changelog) {
        this.registry = registry;
        this.changelog = changelog;
    }

    @Override
    public <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec) {
        return registry.register(new ChangelogKeyValueStore<>(codec, changelog).restore());
    }
}
