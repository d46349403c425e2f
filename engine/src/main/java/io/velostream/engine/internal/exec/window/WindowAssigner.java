package io.velostream.engine.internal.exec.window;

/**
 * Which time windows a record belongs to, for one WINDOW clause (docs/windows.md#windows), and when a window closes.
 *
 * <p>Windows are half-open {@code [start, end)} and aligned to the epoch: a TUMBLING window of
 * size {@code n} starts at a multiple of {@code n}; a SLIDING window starts at a multiple of its
 * advance and lasts {@code size}. TUMBLING is SLIDING with advance = size, and is computed the
 * same way. SESSION windows depend on the key's earlier records, so they are not assigned here
 * but kept per key by {@link SessionWindows} (with gap = {@link #size()}).
 *
 * <p><b>Closing convention.</b> A watermark {@code W} promises that no more records with event
 * time {@code < W} will arrive (see {@code WatermarkTracker}). So once {@code W ≥ end} every
 * record of {@code [start, end)} has been seen, and the window (with its grace period) closes when
 * {@code W ≥ end + grace}. A record whose window is closed is late: {@link #isLate} is the same
 * test as {@link #closes}, so a record is late exactly when its window has already been closed.
 * A record never makes its own window late: it advances the watermark to at most its own time,
 * which is before its window's end. At the end of bounded input the caller passes
 * {@link Long#MAX_VALUE} and every window closes.
 */
public final class WindowAssigner {
    /** The window kinds of the WINDOW clause; the planner maps the clause onto them. */
    public enum Kind { TUMBLING, SLIDING, SESSION }

    private final Kind kind;
    private final long size;
    private final long advance;
    private final long grace;

    private WindowAssigner(Kind kind, long size, long advance, long grace) {
        if (size <= 0) {
            throw new IllegalArgumentException(kind + " window " + (kind == Kind.SESSION ? "gap" : "size")
                    + " must be positive: " + size + " ms");
        }
        if (kind != Kind.SESSION && advance <= 0) {
            throw new IllegalArgumentException("SLIDING window advance must be positive: " + advance + " ms");
        }
        if (grace < 0) {
            throw new IllegalArgumentException("GRACE PERIOD must not be negative: " + grace + " ms");
        }
        this.kind = kind;
        this.size = size;
        this.advance = advance;
        this.grace = grace;
    }

    public static WindowAssigner tumbling(long size, long grace) {
        return new WindowAssigner(Kind.TUMBLING, size, size, grace);
    }

    /** An advance larger than the size leaves gaps: records there belong to no window. */
    public static WindowAssigner sliding(long size, long advance, long grace) {
        return new WindowAssigner(Kind.SLIDING, size, advance, grace);
    }

    public static WindowAssigner session(long gap, long grace) {
        return new WindowAssigner(Kind.SESSION, gap, 0, grace);
    }

    public Kind kind() {
        return kind;
    }

    /** Window size in ms; for SESSION, the gap. */
    public long size() {
        return size;
    }

    /** Distance between window starts in ms: the size for TUMBLING, 0 for SESSION. */
    public long advance() {
        return advance;
    }

    /** Grace period in ms, 0 when not written. */
    public long grace() {
        return grace;
    }

    /** How many windows one record can belong to: the size of the array {@link #assign} needs. */
    public int maxWindowsPerRecord() {
        if (kind == Kind.SESSION) {
            return 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, (size + advance - 1) / advance);
    }

    /**
     * Fills {@code starts} with the starts of the windows {@code [s, s + size)} that contain
     * event time {@code t}, in ascending order, and returns how many: always 1 for TUMBLING,
     * up to {@link #maxWindowsPerRecord()} for SLIDING. Allocates nothing.
     *
     * @throws IllegalStateException for SESSION windows (use {@link SessionWindows})
     */
    public int assign(long t, long[] starts) {
        if (kind == Kind.SESSION) {
            throw new IllegalStateException("SESSION windows are kept per key by SessionWindows, not assigned");
        }
        long last = Math.floorDiv(t, advance) * advance;
        long sinceLast = t - last;
        // Windows starting at last, last - advance, ... while they still reach past t.
        int count = sinceLast >= size ? 0 : (int) ((size - sinceLast + advance - 1) / advance);
        for (int i = 0; i < count; i++) {
            starts[i] = last - (long) (count - 1 - i) * advance;
        }
        return count;
    }

    /** End (exclusive) of the time window starting at {@code start}. */
    public long end(long start) {
        return start + size;
    }

    /** True when a window ending at {@code windowEnd} is closed at {@code watermark}: W ≥ end + grace. */
    public static boolean closes(long windowEnd, long grace, long watermark) {
        // Saturate: at the end of input (W = Long.MAX_VALUE) every window closes, however far its end.
        long deadline = windowEnd > Long.MAX_VALUE - grace ? Long.MAX_VALUE : windowEnd + grace;
        return watermark >= deadline;
    }

    /**
     * True when a record of the window ending at {@code windowEnd} arrives too late at
     * {@code watermark}: its window is already closed. For SESSION windows use
     * {@link SessionWindows#isLate}, which also knows the key's closed sessions.
     */
    public static boolean isLate(long windowEnd, long grace, long watermark) {
        return closes(windowEnd, grace, watermark);
    }
}
