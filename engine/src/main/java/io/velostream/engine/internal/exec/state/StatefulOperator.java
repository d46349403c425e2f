package io.velostream.engine.internal.exec.state;

/**
 * An operator that keeps state across records. The job assembly asks it, rather than testing
 * operator classes, whether its state can live in a changelog-backed store (restored after a
 * restart) or is held in memory only (docs/kafka.md, "State").
 */
public interface StatefulOperator {
    /** What state it keeps, as a warning names it: {@code "groups"}, {@code "windows"}, {@code "DISTINCT"}. */
    String stateKind();

    /** True when {@link #useStore} can put its state in a changelog-backed store. */
    default boolean canUseStore() {
        return false;
    }

    /**
     * Keeps the state in a store of {@code stores} named {@code name} (a changelog-backed one,
     * restored when opened) instead of in memory; call before the first batch.
     *
     * @throws UnsupportedOperationException when {@link #canUseStore()} is false
     */
    default void useStore(StoreProvider stores, String name) {
        throw new UnsupportedOperationException(stateKind() + " cannot be kept in a store yet");
    }
}
