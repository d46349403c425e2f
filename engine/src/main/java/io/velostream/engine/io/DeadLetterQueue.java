package io.velostream.engine.io;

import io.velostream.engine.record.RecordError;

import java.io.IOException;

/**
 * Where a job sends the records its failure strategy gives up on (SendToDLQ): the original
 * record, with headers naming the error and its source position. Sends are part of the batch:
 * the job's commit flushes them (or commits them in its transaction).
 */
public interface DeadLetterQueue extends AutoCloseable {
    /** Headers of a dead letter: the error message, the job, and where the record came from. */
    String ERROR = "velostream.error";
    String JOB = "velostream.job";
    String TOPIC = "velostream.source.topic";
    String PARTITION = "velostream.source.partition";
    String OFFSET = "velostream.source.offset";
    String TIMESTAMP = "velostream.source.timestamp";

    /** Sends the record of this error; a failure to send fails the batch when it is flushed. */
    void send(RecordError error);

    /** Waits for every send; throws when any failed since the last flush. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
