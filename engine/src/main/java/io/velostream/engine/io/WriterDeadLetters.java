package io.velostream.engine.io;

import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dead-letter queue on any {@link DataWriter} that is not a Kafka producer (an in-memory topic
 * of the test driver, a file): each dead letter is a record with one column, {@code value}, the
 * record's raw text as read, and the headers {@value #ERROR}, {@value #JOB} and {@value #TOPIC};
 * its timestamp is when it was sent. Letters are buffered and written on {@link #flush()}, with
 * the batch's commit.
 */
public final class WriterDeadLetters implements DeadLetterQueue {
    private static final Schema SCHEMA = Schema.of(List.of("value"), List.of(SqlType.STRING));

    private final String job;
    private final DataWriter writer;
    private final List<StreamRecord> pending = new ArrayList<>();

    /** @param writer the queue's own writer: closed with the queue */
    public WriterDeadLetters(String job, DataWriter writer) {
        this.job = job;
        this.writer = writer;
    }

    @Override
    public void send(RecordError error) {
        Headers headers = Headers.of(ERROR, error.message(), JOB, job);
        if (error.source() != null) {
            headers = headers.with(TOPIC, error.source());
        }
        pending.add(StreamRecord.of(SCHEMA, System.currentTimeMillis(), error.raw()).withHeaders(headers));
    }

    @Override
    public void flush() throws IOException {
        if (!pending.isEmpty()) {
            writer.write(pending);
            pending.clear();
        }
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
