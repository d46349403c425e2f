package io.velostream.engine.job;

import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.io.RetriableIOException;
import io.velostream.engine.record.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The processing loop of one job, on the caller's thread: begin → read a batch → process →
 * write → commit, until every input has ended (bounded sources say so explicitly) or the job is
 * stopped. No hand-off to other threads per record or per batch. How a batch becomes durable is
 * the job's {@link CommitProtocol} (simple or transactional); the loop is the same.
 *
 * <p>A batch that fails is aborted: nothing of it is committed, the input is rewound to its last
 * commit and the batch is read again (an input that cannot rewind, a file, processes the records
 * in hand again). FailBatch stops the job at the first record error; RetryWithBackoff retries
 * {@code max_retries} times, doubling the wait each time, then stops it. A transient I/O failure
 * (a broker away, a timeout) is retried until it passes, waiting up to {@value #MAX_WAIT_MS} ms
 * between attempts, so an outage makes the job wait, not fail; any other I/O failure stops it.
 *
 * <p>Each batch attempt is reported to the run's {@link BatchTracer}: a span per batch when
 * OpenTelemetry is present and installed, nothing otherwise.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    static final long MAX_WAIT_MS = 30_000;
    private volatile boolean stopping;
    /** The job being run, for {@link #stop} to reach a commit that waits (set before {@link #stopping} is read). */
    private volatile Job running;
    /**
     * A batch failed since the last commit: commit each batch at once until one is durable, so
     * the batches read again after the abort are not held back with the one that failed (its
     * retries count from there, and a poison record is met alone).
     */
    private boolean recovering;

    /** Asks the loop to stop after the batch in hand. */
    public void stop() {
        stopping = true;
        Job job = running;
        if (job != null) {
            job.protocol().stop();
        }
    }

    /**
     * Runs the job to the end of its inputs and closes its readers and writer.
     *
     * @throws JobFailedException when the job cannot go on
     */
    public JobMetrics run(Job job) {
        ProcessorContext ctx = job.context();
        JobConfig config = ctx.config();
        JobMetrics metrics = ctx.metrics();
        List<Job.Input> active = new ArrayList<>(job.inputs());
        List<StreamRecord> in = new ArrayList<>(config.batchSize());
        List<StreamRecord> out = new ArrayList<>(config.batchSize());
        BatchTracer tracer = BatchTracer.forJob(job);
        recovering = false;
        running = job;
        for (Job.Input input : job.inputs()) {
            if (input.reader() instanceof PartitionedSource source) {
                // Inside a read, between batches: what is pending is whole. The batch being read goes on in a new transaction.
                source.commitBeforeRevocation(() -> {
                    job.protocol().finish(job);
                    job.protocol().begin();
                });
            }
        }
        if (stopping) { // a stop that came before running was set did not reach the protocol
            job.protocol().stop();
        }
        try (Closer closer = new Closer(job)) {
            while (!active.isEmpty() && !stopping) {
                for (int i = 0; i < active.size(); i++) {
                    if (runBatch(job, active.get(i), in, out, tracer)) {
                        active.remove(i--);
                    }
                }
            }
            finishCommit(job);
            log.debug("job {} finished: {}", job.name(), metrics);
            return metrics;
        } catch (IOException e) {
            throw new JobFailedException("job " + job.name() + ": " + e.getMessage(), e);
        } finally {
            running = null;
        }
    }

    /** Runs one batch of {@code input} until it is committed. @return true when this input has ended */
    private boolean runBatch(Job job, Job.Input input, List<StreamRecord> in, List<StreamRecord> out,
                             BatchTracer tracer) {
        JobConfig config = job.context().config();
        JobMetrics metrics = job.context().metrics();
        CommitProtocol protocol = job.protocol();
        boolean read = true;
        boolean more = true;
        int recordFailures = 0;
        int ioFailures = 0;
        long readAt = 0;
        while (true) {
            boolean inHand = false;
            out.clear();
            job.context().queries().answer(); // between batches: the stores are whole (docs/scaling.md#interactive-queries)
            try {
                protocol.begin();
                if (read) {
                    in.clear();
                    more = input.reader().read(in, config.batchSize());
                    readAt = System.nanoTime();
                    metrics.recordsIn += in.size();
                    if (in.isEmpty() && more && recordFailures + ioFailures > 0) {
                        // The rewound records are not fetched yet: an empty batch is not the retry.
                        if (stopping) {
                            return false;
                        }
                        continue;
                    }
                }
                inHand = true;
                tracer.begin(input, in);
                boolean ended = !more;
                input.operator().process(in, out);
                if (ended || input.operator().done()) {
                    ended = true;
                    input.operator().finish(out);
                }
                tracer.beforeWrite(out);
                job.writer().write(out);
                protocol.commit(job, input, ended || stopping || recovering);
                recovering = false;
                metrics.recordsOut += out.size();
                metrics.batches++;
                if (!in.isEmpty() || !out.isEmpty()) {
                    job.context().listener().batchCommitted(input, in, out, System.nanoTime() - readAt);
                }
                return ended;
            } catch (RecordFailureException e) {
                tracer.failed(e);
                read = abort(job, input);
                recovering = true;
                FailureStrategy strategy = config.failureStrategy();
                boolean retry = strategy == FailureStrategy.RETRY_WITH_BACKOFF && recordFailures < config.maxRetries()
                        && (read || inHand); // a record that could not even be read from a file: no batch to retry
                if (!retry) {
                    String what = strategy == FailureStrategy.RETRY_WITH_BACKOFF && recordFailures > 0
                            ? "gave up after " + recordFailures + " retries" : strategy.sqlName();
                    throw new JobFailedException("job " + job.name() + " stopped (" + what + "): record at "
                            + e.getMessage(), e);
                }
                metrics.retries++;
                backoff(config.retryBackoffMillis() << recordFailures++);
            } catch (IOException | UncheckedIOException e) {
                tracer.failed(e);
                if (!RetriableIOException.isRetriable(e)) {
                    abortQuietly(job, input, e);
                    throw new JobFailedException("job " + job.name() + ": " + e.getMessage(), e);
                }
                read = abort(job, input);
                recovering = true;
                metrics.retries++;
                log.warn("job {}: batch failed, retrying (attempt {}): {}", job.name(), ++ioFailures, e.getMessage());
                backoff(Math.min(config.retryBackoffMillis() << Math.min(ioFailures - 1, 20), MAX_WAIT_MS));
                if (job.inputs().size() > 1) {
                    // Every input was rewound: each reads again at its turn. Another input's read may be what clears
                    // the failure — a co-partitioned join's commit fails until its leader's poll rejoins the group
                    // (docs/scaling.md#co-partitioned-joins).
                    return false;
                }
            } finally {
                tracer.end();
            }
            if (stopping) {
                return false; // aborted and not retried: the next run reads the batch again
            }
        }
    }

    /**
     * Commits what a stop between batches left pending. A failure here loses nothing: the open
     * transaction is never committed (the restarted producer fences and aborts it) and neither are its
     * input offsets, so a restart reads those batches again.
     */
    private static void finishCommit(Job job) {
        try {
            job.protocol().finish(job);
        } catch (IOException e) {
            log.warn("job {}: the last commit failed, its batches will be read again on restart: {}", job.name(),
                    e.getMessage());
        }
    }

    /** Aborts the batch, waiting out a transient failure of the abort itself. @return true when the input was rewound */
    private boolean abort(Job job, Job.Input input) {
        for (int attempt = 0; ; attempt++) {
            try {
                return job.protocol().abort(job, input);
            } catch (IOException e) {
                if (!RetriableIOException.isRetriable(e)) {
                    throw new JobFailedException("job " + job.name() + ": " + e.getMessage(), e);
                }
                log.warn("job {}: abort failed, retrying: {}", job.name(), e.getMessage());
                backoff(Math.min(job.context().config().retryBackoffMillis() << Math.min(attempt, 20), MAX_WAIT_MS));
            }
        }
    }

    private static void abortQuietly(Job job, Job.Input input, Exception failure) {
        try {
            job.protocol().abort(job, input);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void backoff(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailedException("interrupted while waiting to retry", e);
        }
    }

    /** Closes every reader, the resources the context was given and the writer, keeping the first failure. */
    private static final class Closer implements AutoCloseable {
        private final Job job;

        Closer(Job job) {
            this.job = job;
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (Job.Input input : job.inputs()) {
                first = closeQuietly(input.reader(), first);
            }
            for (AutoCloseable resource : job.context().resources()) {
                first = closeQuietly(resource, first);
            }
            first = closeQuietly(job.writer(), first);
            if (job.context().deadLetters() != null) {
                first = closeQuietly(job.context().deadLetters(), first);
            }
            if (first != null) {
                throw first;
            }
        }

        private static IOException closeQuietly(AutoCloseable c, IOException first) {
            try {
                c.close();
            } catch (Exception e) {
                IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
                if (first == null) {
                    return io;
                }
                first.addSuppressed(io);
            }
            return first;
        }
    }
}
