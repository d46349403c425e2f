package io.velostream.engine.internal.exec.join;

import io.velostream.engine.record.StreamRecord;

import java.util.Arrays;

/**
 * The rows of a {@link TableStore} whose key string is an integer's (docs/sql.md#output-key: {@code "42"}, {@code "-7"}),
 * by that integer, so an INTEGER key is looked up without building its key string, boxing or
 * chasing a map node and its String key — on a large table each of those is a cache miss per
 * lookup. Keys in {@code [0, dense.length)} are the row's slot in {@link #dense} (ids numbered from
 * 0: one array read); the others are in an open-addressing hash with linear probing over a
 * {@code long[]}. A key is only ever in one of the two.
 */
final class LongKeyIndex {
    private static final int MIN_CAPACITY = 16;
    /** The dense array grows to cover a new key only while it stays at least this fraction full. */
    private static final int MAX_DENSE_SPREAD = 4;

    private StreamRecord[] dense = new StreamRecord[0];
    private int denseSize;

    private long[] keys = new long[MIN_CAPACITY];
    /** Null marks a free slot (a table row is never null). */
    private StreamRecord[] rows = new StreamRecord[MIN_CAPACITY];
    private int hashSize;

    /**
     * True when {@code s} is the key string of a long: an optional {@code -}, then digits without
     * a leading zero (bar {@code "0"} itself), in range. Only such keys can equal the key string of
     * an INTEGER value.
     */
    static boolean isLongKey(String s) {
        int n = s.length();
        int start = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (n == start || n - start > 19 || s.charAt(start) == '0' && (n > start + 1 || start == 1)) {
            return false;
        }
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (n - start < 19) {
            return true;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException outOfRange) {
            return false;
        }
    }

    StreamRecord get(long key) {
        if (key >= 0 && key < dense.length) {
            return dense[(int) key];
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            StreamRecord r = rows[i];
            if (r == null || keys[i] == key) {
                return r;
            }
        }
    }

    void put(long key, StreamRecord row) {
        if (key >= 0 && (key < dense.length || coverDense(key))) {
            if (dense[(int) key] == null) {
                denseSize++;
            }
            dense[(int) key] = row;
            return;
        }
        hashPut(key, row);
    }

    /** Grows {@link #dense} to cover {@code key} if it stays dense enough; moves the hash's keys it now covers. */
    private boolean coverDense(long key) {
        long length = Math.max(key + 1, Math.max(MIN_CAPACITY, 2L * dense.length));
        if (length > MAX_DENSE_SPREAD * (denseSize + 1L) + MIN_CAPACITY || length > Integer.MAX_VALUE - 8) {
            return false;
        }
        long from = dense.length;
        dense = Arrays.copyOf(dense, (int) length);
        for (int i = 0; i < keys.length; i++) {
            long k = keys[i];
            if (rows[i] != null && k >= from && k < length) {
                dense[(int) k] = rows[i];
                denseSize++;
            }
        }
        for (long k = from; k < length; k++) {
            if (dense[(int) k] != null) {
                hashRemove(k);
            }
        }
        return true;
    }

    private void hashPut(long key, StreamRecord row) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (rows[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (rows[i] == null) {
            hashSize++;
        }
        keys[i] = key;
        rows[i] = row;
        if (2 * hashSize > keys.length) {
            grow();
        }
    }

    void remove(long key) {
        if (key >= 0 && key < dense.length) {
            if (dense[(int) key] != null) {
                dense[(int) key] = null;
                denseSize--;
            }
            return;
        }
        hashRemove(key);
    }

    private void hashRemove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (rows[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (rows[i] == null) {
            return;
        }
        hashSize--;
        // Backward shift: move later entries of the probe run into the gap, so no tombstones are needed.
        int gap = i;
        for (int j = (gap + 1) & mask; rows[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                rows[gap] = rows[j];
                gap = j;
            }
        }
        rows[gap] = null;
    }

    int size() {
        return denseSize + hashSize;
    }

    private void grow() {
        long[] oldKeys = keys;
        StreamRecord[] oldRows = rows;
        keys = new long[oldKeys.length * 2];
        rows = new StreamRecord[oldRows.length * 2];
        hashSize = 0;
        for (int i = 0; i < oldRows.length; i++) {
            if (oldRows[i] != null) {
                hashPut(oldKeys[i], oldRows[i]);
            }
        }
    }

    /** Spreads sequential ids (the common key) over the slots: Fibonacci hashing. */
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
