package io.velostream.engine.io;

/**
 * A writer that encodes and writes on a thread of its own, behind the job; {@link #flush} waits
 * until everything handed over is written (docs/formats.md#file-sink-and-stdout).
 */
public interface WriteBehindSink extends DataWriter {
    /**
     * Called once, when a job is compiled whose every input is read again from its start after a
     * restart ({@link DataReader#restartsFromItsStart}): no commit depends on a flush, so from then
     * on a flush hands the output on without waiting for it. Close still writes everything.
     */
    void flushWithoutWaiting();
}
