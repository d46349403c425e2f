package io.velostream.engine.record;

/**
 * One record that could not be read or processed, with where it came from.
 *
 * @param source   the endpoint name (a file source's name, a topic)
 * @param position where in the source: {@code file.csv:12} for a file line, {@code topic-0@42} for Kafka
 * @param message  what is wrong, one line
 * @param raw      the original input (the line, the bytes as text), or null when not available
 * @param cause    the underlying exception, or null
 */
public record RecordError(String source, String position, String message, String raw, Throwable cause) {
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
