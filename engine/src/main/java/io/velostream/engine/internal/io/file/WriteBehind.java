package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.WriteBehindSink;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The file sink as the job sees it: each batch is handed, whole, to a thread of its own
 * ({@code velostream-file-writer-<sink>}) that encodes and writes it, up to {@value #BEHIND}
 * batches behind the job, so encoding overlaps reading and the query (docs/formats.md#file-sink-and-stdout).
 * One thread writes in hand-off order, so the file is what writing on the job's thread gave.
 *
 * <p>A failure of the writing thread stops writing (nothing after it is written out of order) and
 * is rethrown on the job's thread by the next write, flush or close. {@link #flush} waits until
 * everything handed over is with the operating system, unless the job has nothing a flush must
 * precede ({@link #flushWithoutWaiting}). {@link #close} writes what is handed over, flushes and
 * closes: a stop loses nothing.
 */
final class WriteBehind implements WriteBehindSink {
    /** Batches handed over and not yet written: enough to ride out a slow write, little memory. */
    static final int BEHIND = 4;
    static final String THREAD_PREFIX = "velostream-file-writer-";
    /** Queue markers: flush and release {@link #flushed}; flush for no one; write nothing more and end. */
    private static final Object FLUSH = new Object();
    private static final Object FLUSH_LATER = new Object();
    private static final Object END = new Object();

    private final String name;
    private final DataWriter file;
    private final BlockingQueue<Object> handedOver = new ArrayBlockingQueue<>(BEHIND);
    /** Released by the writing thread once a {@link #FLUSH} is done (or writing failed). */
    private final Semaphore flushed = new Semaphore(0);
    private Thread thread;
    private boolean waitOnFlush = true;
    /** The writing thread's IOException, RuntimeException or Error; set once. */
    private volatile Throwable failure;

    /** @param file encodes and writes on the calling thread; only the writing thread uses it once it runs */
    WriteBehind(String name, DataWriter file) {
        this.name = name;
        this.file = file;
    }

    @Override
    public void flushWithoutWaiting() {
        waitOnFlush = false;
    }

    @Override
    public void write(List<StreamRecord> batch) throws IOException {
        rethrowFailure();
        if (batch.isEmpty()) {
            return;
        }
        if (thread == null) {
            thread = new Thread(this::writeBehind, THREAD_PREFIX + name);
            thread.setDaemon(true);
            thread.start();
        }
        // A copy of the list, not of the records (shared and immutable): the job refills its list.
        hand(Arrays.asList(batch.toArray(new StreamRecord[0])));
    }

    @Override
    public void flush() throws IOException {
        rethrowFailure();
        if (thread == null) {
            file.flush();
            return;
        }
        if (!waitOnFlush) {
            hand(FLUSH_LATER); // the output still reaches the operating system a commit at a time
            return;
        }
        hand(FLUSH);
        try {
            flushed.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("file sink '" + name + "': interrupted while waiting for the flush", e);
        }
        rethrowFailure();
    }

    /** Writes what was handed over, then flushes and closes the file, also after a failure (then rethrown). */
    @Override
    public void close() throws IOException {
        Thread t = thread;
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    if (!handedOver.contains(END)) {
                        handedOver.put(END);
                    }
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // what was handed over is written before the file closes
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            file.close();
        } finally {
            rethrowFailure();
        }
    }

    private void hand(Object item) throws IOException {
        try {
            handedOver.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("file sink '" + name + "': interrupted while handing over a batch", e);
        }
    }

    /** The writing thread: writes batch after batch until {@link #END}; after a failure only drains the queue. */
    @SuppressWarnings("unchecked")
    private void writeBehind() {
        while (true) {
            Object item;
            try {
                item = handedOver.take();
            } catch (InterruptedException e) {
                continue; // only close() ends this thread, with END, after what came before it
            }
            if (item == END) {
                return;
            }
            if (failure == null) {
                try {
                    if (item == FLUSH || item == FLUSH_LATER) {
                        file.flush();
                    } else {
                        file.write((List<StreamRecord>) item);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
            }
            if (item == FLUSH) {
                flushed.release();
            }
        }
    }

    /** The writing thread's own exception, whose stack shows where writing failed. */
    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t != null) {
            ReadAhead.rethrow(t);
        }
    }
}
