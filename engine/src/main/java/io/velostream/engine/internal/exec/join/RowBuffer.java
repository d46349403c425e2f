package io.velostream.engine.internal.exec.join;

import io.velostream.engine.record.StreamRecord;

import java.util.Arrays;

/**
 * The buffered rows of one join key on one side of an interval join, in (time, arrival) order.
 * Rows mostly arrive in time order, so an insert is usually an append; rows expire oldest first,
 * so a removal is always at the front.
 */
final class RowBuffer {
    /** One buffered row. {@code matched} is set once it has joined a row of the other side. */
    static final class Entry {
        final StreamRecord record;
        final long time;
        final long seq;
        final RowBuffer buffer;
        boolean matched;

        Entry(StreamRecord record, long time, long seq, RowBuffer buffer) {
            this.record = record;
            this.time = time;
            this.seq = seq;
            this.buffer = buffer;
        }
    }

    final Object key;
    private Entry[] rows = new Entry[2];
    private int head;
    private int size;

    RowBuffer(Object key) {
        this.key = key;
    }

    int size() {
        return size;
    }

    Entry get(int i) {
        return rows[head + i];
    }

    /** Inserts after every row with a time at or before {@code e.time}. */
    void insert(Entry e) {
        if (head + size == rows.length) {
            if (head > 0) {
                System.arraycopy(rows, head, rows, 0, size);
                Arrays.fill(rows, size, head + size, null);
                head = 0;
            } else {
                rows = Arrays.copyOf(rows, rows.length * 2);
            }
        }
        int end = head + size;
        int at = end;
        while (at > head && rows[at - 1].time > e.time) {
            at--;
        }
        System.arraycopy(rows, at, rows, at + 1, end - at);
        rows[at] = e;
        size++;
    }

    /** The index of the first row with a time at or after {@code time}. */
    int firstAtOrAfter(long time) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rows[head + mid].time < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Forgets every row (before rows read from a changelog are inserted again). */
    void clear() {
        Arrays.fill(rows, null);
        head = 0;
        size = 0;
    }

    Entry removeFirst() {
        Entry e = rows[head];
        rows[head] = null;
        size--;
        head = size == 0 ? 0 : head + 1;
        return e;
    }
}
