package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.function.aggregate.Accumulator;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One group's state: its GROUP BY values, one accumulator per aggregate call, and what its
 * result record carries from the group's inputs — the headers and source position of the last
 * input (docs/sql.md#system-columns-and-headers) and the latest event time seen.
 */
final class Group {
    final Object[] keys;
    final Accumulator[] accumulators;
    /** The start of the time window the group belongs to (a window's groups share one store, docs/kafka.md#state). */
    long windowStart;
    private Headers headers = Headers.EMPTY;
    private long maxEventTime = Long.MIN_VALUE;
    private long timestamp;
    private String topic;
    private int partition;
    private long offset;
    /** The result key, built on first use: the GROUP BY values never change, and EMIT CHANGES asks per input. */
    private String key;

    Group(Object[] keys, Accumulator[] accumulators) {
        this.keys = keys;
        this.accumulators = accumulators;
    }

    void sawInput(StreamRecord r, long eventTime) {
        headers = r.headers();
        maxEventTime = Math.max(maxEventTime, eventTime);
        timestamp = r.timestamp();
        topic = r.topic();
        partition = r.partition();
        offset = r.offset();
    }

    /** Takes in what {@code later} saw, as if its inputs came after this group's (merged sessions). */
    void absorb(Group later) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].merge(later.accumulators[i]);
        }
        if (later.maxEventTime >= maxEventTime) {
            headers = later.headers;
            timestamp = later.timestamp;
            topic = later.topic;
            partition = later.partition;
            offset = later.offset;
        }
        maxEventTime = Math.max(maxEventTime, later.maxEventTime);
    }

    /** Writes the state a changelog keeps: the accumulators and what the result record carries. */
    void writeState(DataOutputStream out) throws IOException {
        for (Accumulator a : accumulators) {
            a.writeTo(out);
        }
        out.writeLong(maxEventTime);
        out.writeLong(timestamp);
        out.writeBoolean(topic != null);
        if (topic != null) {
            out.writeUTF(topic);
        }
        out.writeInt(partition);
        out.writeLong(offset);
        StoreBytes.writeHeaders(out, headers);
    }

    /** Replaces this group's state with one written by {@link #writeState}. */
    void readState(DataInputStream in) throws IOException {
        for (Accumulator a : accumulators) {
            a.readFrom(in);
        }
        maxEventTime = in.readLong();
        timestamp = in.readLong();
        topic = in.readBoolean() ? in.readUTF() : null;
        partition = in.readInt();
        offset = in.readLong();
        headers = StoreBytes.readHeaders(in);
    }

    /**
     * The group's current result: its keys, each aggregate's result and, for a window, its
     * bounds, keyed by the group values joined with {@code |} (docs/sql.md#output-key).
     */
    StreamRecord toRecord(Schema schema, long windowStart, long windowEnd, boolean windowed) {
        int k = keys.length;
        int a = accumulators.length;
        Object[] values = new Object[k + a + (windowed ? 2 : 0)];
        System.arraycopy(keys, 0, values, 0, k);
        for (int i = 0; i < a; i++) {
            values[k + i] = accumulators[i].result();
        }
        if (windowed) {
            values[k + a] = windowStart;
            values[k + a + 1] = windowEnd;
        }
        return new StreamRecord(schema, values, key(), timestamp, maxEventTime, topic, partition, offset, headers);
    }

    private String key() {
        if (key == null && keys.length > 0) {
            key = Values.toKeyString(keys);
        }
        return key;
    }
}
