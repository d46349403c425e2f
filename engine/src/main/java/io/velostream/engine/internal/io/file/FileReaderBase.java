package io.velostream.engine.internal.io.file;

import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SourcePosition;
import io.velostream.engine.record.StreamRecord;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every file reader shares: record metadata and record errors with a {@code file:line}
 * position. A file reader decodes on the {@link ReadAhead} thread, which hands its batches to the job.
 */
abstract class FileReaderBase implements Closeable {
    private final String source;
    private final String fileName;
    private final RecordErrorHandler errors;

    /** @param errors receives record errors; the read-ahead thread's handler queues them behind the records before them */
    FileReaderBase(EndpointSpec spec, Path path, RecordErrorHandler errors) {
        this.source = spec.name();
        this.fileName = String.valueOf(path.getFileName());
        this.errors = errors;
    }

    /** The schema the job sees and the records carry. */
    abstract Schema schema();

    /**
     * The schema decoding grows: for JSON a private one, because a schema belongs to one thread
     * (see {@link Schema}) and the job's copy grows on the job's thread from the fields this one
     * gained; for CSV the closed {@link #schema()}.
     */
    Schema decodingSchema() {
        return schema();
    }

    /** As {@link io.velostream.engine.io.DataReader#read}, on the read-ahead thread. */
    abstract boolean read(List<StreamRecord> batch, int max) throws IOException;

    /**
     * A record read at {@code readTime} (its timestamp and event time) at line {@code offset}. Its
     * topic is the file name and a file has no partitions, so a record's position reads
     * {@code orders.csv:12} wherever it is reported, as decode errors are.
     */
    final StreamRecord record(Schema schema, Object[] values, long readTime, long offset) {
        return new StreamRecord(schema, values, null, readTime, readTime, fileName, StreamRecord.NO_PARTITION, offset,
                Headers.EMPTY);
    }

    /** Passes a record error to the failure strategy, which returns to skip it or throws to stop. */
    final void error(long line, String message, String raw, Throwable cause) {
        errors.onError(new RecordError(RecordError.Kind.DECODE, source, position(line), message, raw, cause));
    }

    final SourcePosition position(long line) {
        return new SourcePosition(fileName, StreamRecord.NO_PARTITION, line);
    }
}
