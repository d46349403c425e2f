package io.velostream.engine.internal.exec.state;

import java.util.List;

/**
 * An operator that keeps state across records. The job assembly asks it, rather than testing
 * operator classes, to keep its state in changelog-backed stores, restored after a restart and
 * rolled back with an aborted batch (docs/kafka.md#state); without that it keeps it in memory.
 */
public interface StatefulOperator {
    /** What state it keeps: {@code "groups"}, {@code "windows"}, {@code "DISTINCT"}. */
    String stateKind();

    /**
     * The names of the stores {@link #useStore} opens, in the order it opens them: what they hold
     * ({@code groups}, {@code watermark}, {@code windows}). A job's provider makes them unique.
     */
    List<String> storeNames();

    /**
     * Keeps the state in stores of {@code stores} (changelog-backed ones, restored when opened)
     * instead of in memory; call before the first batch.
     */
    void useStore(StoreProvider stores);
}
