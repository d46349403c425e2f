package io.velostream.engine.job;

import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a job's failure strategy to one record error: under LogAndContinue the record is
 * skipped, counted and logged with its source position; under SendToDLQ it also goes to the
 * dead-letter queue (as part of the batch); under FailBatch and RetryWithBackoff the batch
 * fails. Nothing is dropped without a count and a log line.
 */
final class RecordErrorPolicy implements RecordErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(RecordErrorPolicy.class);
    private final String job;
    private final FailureStrategy strategy;
    private final JobMetrics metrics;
    private final ProcessorContext context;
    DeadLetterQueue deadLetters;

    RecordErrorPolicy(String job, FailureStrategy strategy, JobMetrics metrics, ProcessorContext context) {
        this.job = job;
        this.strategy = strategy;
        this.metrics = metrics;
        this.context = context;
    }

    @Override
    public void onError(RecordError error) {
        metrics.recordErrors++;
        context.listener().recordError(error, strategy == FailureStrategy.SEND_TO_DLQ);
        switch (strategy) {
            case LOG_AND_CONTINUE:
                log.warn("job {}: skipped record at {}: {}", job, error.position(), error.message());
                return;
            case SEND_TO_DLQ:
                if (deadLetters == null) {
                    throw new IllegalStateException("job " + job + ": SendToDLQ without a dead-letter queue");
                }
                log.warn("job {}: record at {} sent to the dead-letter topic: {}", job, error.position(), error.message());
                deadLetters.send(error);
                return;
            default:
                throw new RecordFailureException(error);
        }
    }
}
