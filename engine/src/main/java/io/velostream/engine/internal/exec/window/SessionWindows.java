package io.velostream.engine.internal.exec.window;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The open sessions of one group key (SESSION windows, docs/windows.md#windows), each with the caller's state.
 *
 * <p>An event at {@code t} stands for the interval {@code [t, t + gap)}; a session is the union of
 * its events' intervals, so {@code [first event, last event + gap)}. An event joins a session when
 * its interval overlaps it ({@code start - gap < t < end}); events {@code gap} or more apart are in
 * different sessions. Strict overlap matches the half-open bounds and the closing convention of
 * {@link WindowAssigner}: once a session has closed ({@code watermark ≥ end + grace}), every event
 * that could still have joined it would be late.
 *
 * <p>An out-of-order event can bridge two sessions: {@link #add} then merges the later session into
 * the earlier one and calls the {@link Merger} with both states, so the caller merges their
 * accumulators. Sessions are disjoint and kept in time order. When the structure is empty after
 * {@link #closeUpTo}, the caller may drop it (and the key).
 *
 * <p>Test {@link #isLate} before {@link #add}: an event that belongs to a closed session must not
 * open a new one. Not thread-safe.
 */
public final class SessionWindows<S> {
    /** Combines the state of a session merged away into the state of the session that absorbs it. */
    @FunctionalInterface
    public interface Merger<S> {
        /**
         * @param into the state of the earlier session, which survives (null if never set)
         * @param from the state of the later session, which is dropped (null if never set)
         * @return the surviving session's new state ({@code into}, updated, or a new object)
         */
        S merge(S into, S from);
    }

    private final long gap;
    /** Open sessions ordered by start; disjoint, so ordered by end too. */
    private final List<Session<S>> sessions = new ArrayList<>(2);
    /** End of the last session closed; an event before it would have belonged to a closed session. */
    private long closedEnd = Long.MIN_VALUE;

    public SessionWindows(long gap) {
        if (gap <= 0) {
            throw new IllegalArgumentException("SESSION gap must be positive: " + gap + " ms");
        }
        this.gap = gap;
    }

    /**
     * Puts an event at {@code t} into its session: a new one (state null, for the caller to set),
     * an existing one extended to cover {@code [t, t + gap)}, or — when the event bridges two
     * sessions — the earlier one, after the later one was merged into it through {@code merger}.
     *
     * @return the session the event is now in
     */
    public Session<S> add(long t, Merger<S> merger) {
        long end = t + gap;
        int i = firstEndingAfter(t);
        if (i == sessions.size() || sessions.get(i).start() >= end) {
            Session<S> created = new Session<>(t, end);
            sessions.add(i, created);
            return created;
        }
        Session<S> s = sessions.get(i);
        s.extend(t, end);
        // The extended session may now reach into the next ones: absorb them.
        while (i + 1 < sessions.size() && sessions.get(i + 1).start() < s.end()) {
            Session<S> next = sessions.remove(i + 1);
            s.extend(next.start(), next.end());
            s.state(merger.merge(s.state(), next.state()));
        }
        return s;
    }

    /**
     * True when an event at {@code t} is late at {@code watermark}: it would have joined (or lies
     * before) a session already closed here, or the smallest session it could make,
     * {@code [t, t + gap)}, would already be closed. This is {@link WindowAssigner#isLate} for
     * sessions; it needs this key's history, which is lost if the caller drops an empty instance
     * (then an event reaching back into a closed session within {@code gap + grace} of the
     * watermark starts a new session instead).
     */
    public boolean isLate(long t, long grace, long watermark) {
        return t < closedEnd || WindowAssigner.isLate(t + gap, grace, watermark);
    }

    /** Index of the first session with end > t (sessions.size() when none). */
    private int firstEndingAfter(long t) {
        int lo = 0;
        int hi = sessions.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sessions.get(mid).end() > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Closes, in time order, the sessions with {@code watermark ≥ end + grace}, passing each to
     * {@code onClose} and then forgetting it.
     */
    public void closeUpTo(long watermark, long grace, Consumer<Session<S>> onClose) {
        int n = 0;
        while (n < sessions.size() && WindowAssigner.closes(sessions.get(n).end(), grace, watermark)) {
            onClose.accept(sessions.get(n));
            n++;
        }
        if (n > 0) {
            closedEnd = sessions.get(n - 1).end();
            sessions.subList(0, n).clear();
        }
    }

    /**
     * True when {@link #closeUpTo} would close a session now: the caller reports the change to
     * its store before it happens (docs/kafka.md#state).
     */
    public boolean closesAny(long watermark, long grace) {
        return !sessions.isEmpty() && WindowAssigner.closes(sessions.get(0).end(), grace, watermark);
    }

    /** The open sessions in time order, to write them to a changelog; not to be changed. */
    public List<Session<S>> sessions() {
        return sessions;
    }

    /** The end of the last session closed ({@link Long#MIN_VALUE}: none), to write it to a changelog. */
    public long closedEnd() {
        return closedEnd;
    }

    /** Forgets every session, as restoring state read from a changelog starts: {@link #restore} follows. */
    public void reset(long closedEnd) {
        sessions.clear();
        this.closedEnd = closedEnd;
    }

    /** Appends a session read from a changelog; sessions come in time order, as {@link #sessions} gave them. */
    public void restore(long start, long end, S state) {
        Session<S> s = new Session<>(start, end);
        s.state(state);
        sessions.add(s);
    }

    /** Number of open sessions. */
    public int size() {
        return sessions.size();
    }

    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    public long gap() {
        return gap;
    }
}
