package io.velostream.engine.internal.exec.state;

/** Makes the state stores of a job's operators: in memory, or backed by a changelog. */
@FunctionalInterface
public interface StoreProvider {
    <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec);
}
