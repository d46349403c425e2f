package io.velostream.engine.record;

import java.util.Locale;

/**
 * One record that could not be read or processed, with where it came from.
 *
 * @param kind     what went wrong, for counting errors by kind
 * @param source   the endpoint name (a file source's name, a topic)
 * @param position where in the source: a file line ({@code file.csv:12}), a Kafka record ({@code topic-0@42})
 * @param message  what is wrong, one line
 * @param raw      the original input (the line, the bytes as text), or null when not available
 * @param cause    the underlying exception, or null
 */
public record RecordError(Kind kind, String source, SourcePosition position, String message, String raw, Throwable cause) {
    public enum Kind {
        /** The input could not be decoded (malformed JSON or CSV, a value of the wrong type for the schema). */
        DECODE,
        /** An expression failed on the record's values (a failed cast, an overflow, an event time that does not parse). */
        EVAL,
        /** The record came after its window had closed and the late-data strategy sends it to the dead letters. */
        LATE,
        /** The sink cannot take the record (larger than its Kafka topic accepts). */
        WRITE;

        private final String tag = name().toLowerCase(Locale.ROOT);

        /** The lower-case name, as a metric tag. */
        public String tag() {
            return tag;
        }
    }

    /** An expression failed on {@code record}: how every operator reports it to the failure strategy. */
    public static RecordError eval(StreamRecord record, ValueException cause) {
        return new RecordError(Kind.EVAL, record.topic(), record.position(), cause.getMessage(), record.toString(), cause);
    }

    @Override
    public String toString() {
        return position + ": " + message;
    }
}
