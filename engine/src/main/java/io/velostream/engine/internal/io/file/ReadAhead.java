package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.DataReader;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The file source as the job sees it: a {@link FileReaderBase} decodes whole batches on a thread
 * of its own, up to {@value #AHEAD} batches ahead of the job, which takes one per {@link #read}
 * (docs/formats.md#file-source). The job's loop stays synchronous: each read hands over what one
 * direct read would have returned, in order, and then, on the job's thread, reports the record
 * errors met in it where they fell among its records, applies the fields decoding added to the
 * schema and rethrows a failure of the reading thread. The thread starts at the first read, after
 * the query was planned against the schema, and close stops and joins it.
 */
final class ReadAhead implements DataReader {
    /** Batches decoded and waiting: enough to ride out a slow batch, little memory (one batch is ~1000 records). */
    static final int AHEAD = 4;
    static final String THREAD_PREFIX = "velostream-file-reader-";

    /** Opens the file reader that decodes for this one, reporting its record errors to {@code errors}. */
    interface Opener {
        FileReaderBase open(RecordErrorHandler errors) throws IOException;
    }

    private final String name;
    private final RecordErrorHandler errors;
    private final FileReaderBase file;
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(AHEAD);
    private Thread thread;
    private volatile boolean closing;
    /** Read-ahead thread: the batch being decoded, where record errors go. */
    private Batch filling;
    /** Read-ahead thread: fields of the decoding schema already handed over. */
    private int fieldsHandedOver;
    /** Job thread: the batch being handed out, and how far. */
    private Batch current;
    private int nextRecord;
    private int nextError;
    private boolean ended;

    ReadAhead(String name, RecordErrorHandler errors, Opener opener) throws IOException {
        this.name = name;
        this.errors = Objects.requireNonNull(errors, "spec.errors()");
        this.file = opener.open(this::collect);
    }

    /** Before the thread starts (an error met while opening) the error goes to the job at once. */
    private void collect(RecordError error) {
        Batch b = filling;
        if (b == null) {
            errors.onError(error);
        } else {
            b.error(error);
        }
    }

    @Override
    public Schema schema() {
        return file.schema();
    }

    @Override
    public boolean isBounded() {
        return true;
    }

    /** A file commits no position: a restarted job reads it from its first line again. */
    @Override
    public boolean restartsFromItsStart() {
        return true;
    }

    @Override
    public boolean read(List<StreamRecord> batch, int max) throws IOException {
        if (ended) {
            return false;
        }
        if (thread == null) {
            start(max);
        }
        if (current == null) {
            current = take();
            addFields(current.fields);
        }
        Batch b = current;
        int n = b.records.size();
        for (int added = 0; added < max && nextRecord < n; added++) {
            replayErrorsBefore(nextRecord);
            batch.add(b.records.get(nextRecord++));
        }
        if (nextRecord < n) {
            return true; // a smaller max than the batches were read with
        }
        replayErrorsBefore(Integer.MAX_VALUE);
        current = null;
        nextRecord = 0;
        nextError = 0;
        if (b.failure != null || !b.more) {
            ended = true;
        }
        if (b.failure != null) {
            rethrow(b.failure);
        }
        return b.more;
    }

    private void replayErrorsBefore(int record) {
        Batch b = current;
        while (nextError < b.errorCount && b.errorAt[nextError] <= record) {
            errors.onError(b.errors.get(nextError++));
        }
    }

    private void start(int max) {
        // Fields the planner added while compiling get the same slots in the decoding schema.
        Schema decoding = file.decodingSchema();
        Schema schema = file.schema();
        for (int i = 0; i < schema.size(); i++) {
            decoding.add(schema.name(i), schema.type(i));
        }
        fieldsHandedOver = decoding.size();
        thread = new Thread(() -> decodeAhead(Math.max(max, 1)), THREAD_PREFIX + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The read-ahead thread: decodes batch after batch until the input ends, reading fails or close. */
    private void decodeAhead(int max) {
        try {
            boolean more = true;
            while (more && !closing) {
                Batch b = new Batch(max);
                filling = b;
                try {
                    more = file.read(b.records, max);
                } catch (IOException | RuntimeException | Error e) {
                    b.failure = e;
                    more = false;
                }
                b.more = more;
                b.fields = newFields();
                filling = null;
                ready.put(b);
            }
        } catch (InterruptedException e) {
            // close() asked the thread to stop
        }
    }

    private List<String> newFields() {
        Schema decoding = file.decodingSchema();
        int size = decoding.size();
        if (size == fieldsHandedOver) {
            return List.of();
        }
        List<String> added = List.copyOf(decoding.names().subList(fieldsHandedOver, size));
        fieldsHandedOver = size;
        return added;
    }

    /** On the job's thread: the job's schema gains the fields decoding added, at the same slots. */
    private void addFields(List<String> fields) {
        Schema schema = file.schema();
        for (String field : fields) {
            int expected = schema.size();
            if (schema.add(field, SqlType.ANY) != expected) {
                throw new IllegalStateException("file source '" + name + "': field '" + field
                        + "' was added to the schema while reading");
            }
        }
    }

    private Batch take() throws IOException {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("file source '" + name + "': interrupted while waiting for the next batch", e);
        }
    }

    /** A reading or writing thread's own exception (an IOException, RuntimeException or Error), whose stack shows where it failed. */
    static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        } else if (t instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) t;
    }

    /** Stops the read-ahead thread (interrupting a wait or a read), waits for it, then closes the file. */
    @Override
    public void close() throws IOException {
        closing = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        ready.clear();
        file.close();
    }

    /** One batch as one direct read returns it, with the record errors met while reading it. */
    private static final class Batch {
        final List<StreamRecord> records;
        /** The errors, each at the index of the record it came before ({@code records.size()} after the last). */
        final List<RecordError> errors = new ArrayList<>(0);
        int[] errorAt = new int[0];
        int errorCount;
        boolean more;
        /** An IOException, RuntimeException or Error that ended reading after the records. */
        Throwable failure;
        /** Fields the decoding schema gained while reading this batch, in slot order. */
        List<String> fields;

        Batch(int max) {
            this.records = new ArrayList<>(max);
        }

        void error(RecordError error) {
            if (errorCount == errorAt.length) {
                errorAt = Arrays.copyOf(errorAt, Math.max(4, errorCount * 2));
            }
            errorAt[errorCount++] = records.size();
            errors.add(error);
        }
    }
}
