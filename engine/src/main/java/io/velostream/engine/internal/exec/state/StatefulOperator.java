package io.velostream.engine.internal.exec.state;

import java.util.List;

/**
 * An operator that keeps state across records. The job assembly asks it, rather than testing
 * operator classes, whether its state can live in changelog-backed stores (restored after a
 * restart) or is held in memory only (docs/kafka.md#state).
 */
public interface StatefulOperator {
    /** What state it keeps, as a warning names it: {@code "groups"}, {@code "windows"}, {@code "DISTINCT"}. */
    String stateKind();

    /** True when {@link #useStore} can put its state in changelog-backed stores. */
    default boolean canUseStore() {
        return false;
    }

    /**
     * The names of the stores {@link #useStore} opens, in the order it opens them: what they hold
     * ({@code groups}, {@code windows}, {@code watermark}). A job's provider makes them unique.
     */
    default List<String> storeNames() {
        return List.of();
    }

    /**
     * Keeps the state in stores of {@code stores} (changelog-backed ones, restored when opened)
     * instead of in memory; call before the first batch.
     *
     * @throws UnsupportedOperationException when {@link #canUseStore()} is false
     */
    default void useStore(StoreProvider stores) {
        throw new UnsupportedOperationException(stateKind() + " cannot be kept in a store yet");
    }
}
