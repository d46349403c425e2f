package io.velostream.engine.internal.exec.window;

/**
 * One session of one key: the half-open {@code [start, end)} with {@code end} = its last event
 * time + gap, and the caller's state for it (its accumulators). A new session's state is null
 * until the caller sets it.
 */
public final class Session<S> {
    private long start;
    private long end;
    private S state;

    Session(long start, long end) {
        this.start = start;
        this.end = end;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public S state() {
        return state;
    }

    public void state(S newState) {
        this.state = newState;
    }

    void extend(long newStart, long newEnd) {
        start = Math.min(start, newStart);
        end = Math.max(end, newEnd);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
