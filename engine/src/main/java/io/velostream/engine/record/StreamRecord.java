package io.velostream.engine.record;

/**
 * One immutable record. Operators pass records by reference from reader to writer: a pass-through
 * forwards the very same instance, and a change (a new key, a header) makes a new record that
 * shares the value array and everything else unchanged (copy on write).
 *
 * <p>The value array is owned by the record from construction on; nobody writes to it after.
 *
 * <p>A record a source read can also carry what it was read from, its {@linkplain #origin origin}
 * (a Kafka reader's consumer record), so a sink can write it without encoding it again
 * (docs/kafka.md#raw-pass-through). Only {@link #fromSource} sets one, and each derived record
 * keeps just the parts it did not change: new headers drop the headers, new values or names
 * everything. A record the engine builds never has one. The key is no part of it: a sink writes
 * the record's key, which a reader made from the original key (and SQL drops, docs/sql.md#output-key).
 */
public final class StreamRecord {
    /** No source position (a record made by a query rather than read from a source). */
    public static final int NO_PARTITION = -1;
    public static final long NO_OFFSET = -1L;

    private final Schema schema;
    private final Object[] values;
    private final Object key;
    private final long timestamp;
    private final long eventTime;
    private final String topic;
    private final int partition;
    private final long offset;
    private final Headers headers;
    /** What the source read, or null; {@link #originalParts} says which parts of it still hold. */
    private final Object origin;
    private final int originalParts;

    /** {@link #origin} parts: the value (same schema and values), the headers. */
    public static final int ORIGINAL_VALUE = 1;
    public static final int ORIGINAL_HEADERS = 2;
    private static final int ORIGINAL_ALL = ORIGINAL_VALUE | ORIGINAL_HEADERS;

    /** A record without an origin: what the engine builds. */
    public StreamRecord(Schema schema, Object[] values, Object key, long timestamp, long eventTime,
                        String topic, int partition, long offset, Headers headers) {
        this(schema, values, key, timestamp, eventTime, topic, partition, offset, headers, null, 0);
    }

    private StreamRecord(Schema schema, Object[] values, Object key, long timestamp, long eventTime, String topic,
                         int partition, long offset, Headers headers, Object origin, int originalParts) {
        this.schema = schema;
        this.values = values;
        this.key = key;
        this.timestamp = timestamp;
        this.eventTime = eventTime;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.headers = headers == null ? Headers.EMPTY : headers;
        this.origin = originalParts == 0 ? null : origin;
        this.originalParts = this.origin == null ? 0 : originalParts;
    }

    /**
     * A record as a source read it, with its {@code origin} (the source's own form of it, whose
     * value and headers these decode) for a sink that writes it unchanged.
     */
    public static StreamRecord fromSource(Schema schema, Object[] values, Object key, long timestamp, String topic,
                                          int partition, long offset, Headers headers, Object origin) {
        return new StreamRecord(schema, values, key, timestamp, timestamp, topic, partition, offset, headers, origin,
                ORIGINAL_ALL);
    }

    /** A record with no source position, event time equal to its timestamp, no key and no headers. */
    public static StreamRecord of(Schema schema, long timestamp, Object... values) {
        return new StreamRecord(schema, values, null, timestamp, timestamp, null, NO_PARTITION, NO_OFFSET, Headers.EMPTY);
    }

    public Schema schema() {
        return schema;
    }

    /** The value in {@code slot}; NULL when the record is narrower than its schema. */
    public Object value(int slot) {
        return slot < values.length ? values[slot] : null;
    }

    /** The value of the named field; resolves the name per call, so not for the hot path. */
    public Object get(String field) {
        int slot = schema.slotOf(field);
        return slot < 0 ? null : value(slot);
    }

    /** Number of slots this record carries (at most the schema's size). */
    public int width() {
        return values.length;
    }

    public Object key() {
        return key;
    }

    /** Record timestamp, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    /** Event time, epoch milliseconds. */
    public long eventTime() {
        return eventTime;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public Headers headers() {
        return headers;
    }

    /**
     * What the source read when {@code part} ({@link #ORIGINAL_VALUE}, {@link #ORIGINAL_HEADERS})
     * is still as read, else null.
     */
    public Object origin(int part) {
        return (originalParts & part) == part ? origin : null;
    }

    /** Where this record came from, for error messages: made on each call, so only when one is reported. */
    public SourcePosition position() {
        return new SourcePosition(topic, partition, offset);
    }

    public StreamRecord withHeaders(Headers newHeaders) {
        return newHeaders == headers ? this
                : new StreamRecord(schema, values, key, timestamp, eventTime, topic, partition, offset, newHeaders,
                        origin, originalParts & ~ORIGINAL_HEADERS);
    }

    public StreamRecord withKey(Object newKey) {
        return new StreamRecord(schema, values, newKey, timestamp, eventTime, topic, partition, offset, headers,
                origin, originalParts);
    }

    /** Keeps the origin: the event time is no part of it (a Kafka sink writes it as the timestamp). */
    public StreamRecord withEventTime(long newEventTime) {
        return new StreamRecord(schema, values, key, timestamp, newEventTime, topic, partition, offset, headers,
                origin, originalParts);
    }

    /**
     * The same values under other field names and another key: what a projection that only
     * renames produces (the value array is shared, not copied).
     */
    public StreamRecord renamed(Schema newSchema, Object newKey) {
        return new StreamRecord(newSchema, values, newKey, timestamp, eventTime, topic, partition, offset, headers);
    }

    /**
     * A record of new values that keeps this record's metadata (timestamps, source position,
     * headers): what a projection produces.
     */
    public StreamRecord withValues(Schema newSchema, Object[] newValues) {
        return new StreamRecord(newSchema, newValues, key, timestamp, eventTime, topic, partition, offset, headers);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        int n = Math.min(values.length, schema.size());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(schema.name(i)).append('=').append(Values.toDisplayString(values[i]));
        }
        sb.append('}');
        if (key != null) {
            sb.append(" key=").append(key);
        }
        return sb.toString();
    }
}
