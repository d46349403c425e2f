package io.velostream.engine.job;

import io.velostream.engine.record.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The processing loop of one job, on the caller's thread: read a batch → process → write →
 * flush → commit, until every input has ended (bounded sources say so explicitly) or the job
 * is stopped. No hand-off to other threads per record or per batch.
 *
 * <p>A batch that fails (FailBatch, RetryWithBackoff, an I/O error of the sink) is neither
 * written nor committed. RetryWithBackoff processes the same batch again up to
 * {@code max_retries} times, doubling the wait each time; then the job stops with the error.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private volatile boolean stopping;

    /** Asks the loop to stop after the batch in hand. */
    public void stop() {
        stopping = true;
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
        try (Closer closer = new Closer(job)) {
            while (!active.isEmpty() && !stopping) {
                for (int i = 0; i < active.size(); i++) {
                    Job.Input input = active.get(i);
                    in.clear();
                    out.clear();
                    boolean more = input.reader().read(in, config.batchSize());
                    metrics.recordsIn += in.size();
                    boolean ended = processWithRetries(job, input, in, out, more);
                    job.writer().write(out);
                    job.writer().flush();
                    input.reader().commit();
                    metrics.recordsOut += out.size();
                    metrics.batches++;
                    if (ended) {
                        active.remove(i--);
                    }
                }
            }
            log.debug("job {} finished: {}", job.name(), metrics);
            return metrics;
        } catch (RecordFailureException e) {
            // A record that could not even be read: there is no batch to retry.
            throw new JobFailedException("job " + job.name() + " stopped (" + config.failureStrategy().sqlName()
                    + "): record at " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JobFailedException("job " + job.name() + ": " + e.getMessage(), e);
        }
    }

    /** @return true when this input has ended (end of input, or a LIMIT reached) */
    private boolean processWithRetries(Job job, Job.Input input, List<StreamRecord> in, List<StreamRecord> out,
                                       boolean more) {
        JobConfig config = job.context().config();
        for (int attempt = 0; ; attempt++) {
            try {
                input.operator().process(in, out);
                boolean ended = !more || input.operator().done();
                if (ended) {
                    input.operator().finish(out);
                }
                return ended;
            } catch (RecordFailureException e) {
                out.clear();
                if (config.failureStrategy() != FailureStrategy.RETRY_WITH_BACKOFF || attempt >= config.maxRetries()) {
                    String what = config.failureStrategy() == FailureStrategy.RETRY_WITH_BACKOFF
                            ? "gave up after " + attempt + " retries" : config.failureStrategy().sqlName();
                    throw new JobFailedException("job " + job.name() + " stopped (" + what + "): record at "
                            + e.getMessage(), e);
                }
                job.context().metrics().retries++;
                backoff(config.retryBackoffMillis() << attempt);
            }
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

    /** Closes every reader and the writer, keeping the first failure. */
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
            first = closeQuietly(job.writer(), first);
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
