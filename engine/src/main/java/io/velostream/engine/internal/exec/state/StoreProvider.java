package io.velostream.engine.internal.exec.state;

/** Makes the state stores of a job's operators: in memory, or backed by a changelog. */
public interface StoreProvider {
    <K, V> KeyValueStore<K, V> open(String name, StoreCodec<K, V> codec);

    /**
     * A store whose values stay on the heap: for an operator that keeps references to its values between
     * records and finds them again by key (the interval join's expiry queue holds its buffers' rows). A
     * persistent store may otherwise drop a value from its cache and decode a new object for the key
     * (docs/scaling.md#stores).
     */
    default <K, V> KeyValueStore<K, V> openPinned(String name, StoreCodec<K, V> codec) {
        return open(name, codec);
    }
}
