package io.velostream.engine.internal.exec.analytic;

/**
 * {@code ROWS|RANGE BETWEEN start AND end} with constant offsets: a ROWS offset is a non-negative
 * INTEGER ({@link Long}); a RANGE offset a non-negative number, or an INTERVAL
 * ({@link java.time.Duration}) for a TIMESTAMP order key. {@link AnalyticFunction#bind} checks it.
 */
public record Frame(boolean range, Bound start, Bound end) {
    /** Where a bound lies, in the standard's order: a frame may not start after it ends. */
    public enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** One end of a frame; {@code offset} is null unless the kind is PRECEDING or FOLLOWING. */
    public record Bound(BoundKind kind, Object offset) {
        public static final Bound UNBOUNDED_PRECEDING = new Bound(BoundKind.UNBOUNDED_PRECEDING, null);
        public static final Bound CURRENT_ROW = new Bound(BoundKind.CURRENT_ROW, null);
        public static final Bound UNBOUNDED_FOLLOWING = new Bound(BoundKind.UNBOUNDED_FOLLOWING, null);

        public static Bound preceding(Object offset) {
            return new Bound(BoundKind.PRECEDING, offset);
        }

        public static Bound following(Object offset) {
            return new Bound(BoundKind.FOLLOWING, offset);
        }
    }

    /**
     * The standard default: {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}. Without
     * ORDER BY every row is a peer of the current one, so it is the whole buffer.
     */
    public static final Frame DEFAULT = new Frame(true, Bound.UNBOUNDED_PRECEDING, Bound.CURRENT_ROW);

    public static Frame rows(Bound start, Bound end) {
        return new Frame(false, start, end);
    }

    public static Frame range(Bound start, Bound end) {
        return new Frame(true, start, end);
    }
}
