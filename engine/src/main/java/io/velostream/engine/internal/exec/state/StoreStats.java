package io.velostream.engine.internal.exec.state;

/**
 * What meters read of a store, from any thread (docs/operations.md#metrics): plain field reads, never a walk of the
 * store. A figure a store does not have is -1.
 */
public interface StoreStats {
    /** Keys held. */
    long keys();

    /** Bytes on disk and in write buffers (RocksDB's estimate), or -1 for a store on the heap. */
    long bytes();

    /** Lookups its cache answered, or -1 when it has no cache. */
    long cacheHits();

    /** Lookups its cache did not answer (read from disk), or -1. */
    long cacheMisses();
}
