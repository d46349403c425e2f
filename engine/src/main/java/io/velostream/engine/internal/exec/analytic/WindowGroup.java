package io.velostream.engine.internal.exec.analytic;

import io.velostream.engine.internal.exec.expr.Arithmetic;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.function.aggregate.Accumulator;
import io.velostream.engine.function.aggregate.BoundAggregate;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.record.Values;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The calls of one operator that share a {@link Window}: how a row is turned into a buffer
 * entry, and how each call's result is computed from a partition's {@link Buffer}.
 *
 * <p>A buffer holds a partition's most recent rows sorted by the ORDER BY keys, ties in arrival
 * order. A new row is therefore always the last of its peers, and with keys that follow arrival
 * it is appended at the end (checked first; otherwise a binary search finds its place).
 */
final class WindowGroup {
    /** One buffered row: ORDER BY key values, then the stored argument values of every call. */
    static final class Entry {
        final Object[] data;
        final long seq;
        /** Per aggregate call: whether this row is in its accumulator. */
        final boolean[] counted;

        Entry(Object[] data, long seq, boolean[] counted) {
            this.data = data;
            this.seq = seq;
            this.counted = counted;
        }
    }

    /** The rows of one partition for this group, and the state of its aggregate calls. */
    static final class Buffer {
        final List<Entry> sorted = new ArrayList<>();
        final ArrayDeque<Entry> arrivals = new ArrayDeque<>();
        long nextSeq;
        final Accumulator[] accumulators;
        /** Per aggregate call: the index range of the rows its accumulator holds (empty: lo > hi). */
        final int[] lo;
        final int[] hi;
        /** Per aggregate call: the accumulator must be rebuilt from the frame. */
        final boolean[] dirty;

        Buffer(int aggregates) {
            accumulators = new Accumulator[aggregates];
            lo = new int[aggregates];
            hi = new int[aggregates];
            dirty = new boolean[aggregates];
            Arrays.fill(hi, -1);
            Arrays.fill(dirty, true);
        }
    }

    private final Evaluator[] keys;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final int capacity;
    private final AnalyticFunction[] functions;
    /** Per call: its index among the operator's calls (its output slot after the input values). */
    private final int[] outIndex;
    /** Per call: where its first stored argument is in {@link Entry#data}. */
    private final int[] argBase;
    /** Per call: where the LAG/LEAD default of the row is in {@link Entry#data}, or -1. */
    private final int[] defaultSlot;
    /** Per call: its index among this group's aggregate calls, or -1. */
    private final int[] aggregateIndex;
    private final BoundAggregate[] aggregates;
    /** Per aggregate call: where its first input is in {@link Entry#data}. */
    private final int[] aggregateBase;
    /** Everything evaluated per row after the keys, in {@link Entry#data} order. */
    private final Evaluator[] stored;

    WindowGroup(Window window, int capacity, List<AnalyticCall> calls, int[] outIndex) {
        int keyCount = window.orderBy().size();
        keys = new Evaluator[keyCount];
        descending = new boolean[keyCount];
        nullsFirst = new boolean[keyCount];
        for (int k = 0; k < keyCount; k++) {
            Window.OrderKey key = window.orderBy().get(k);
            keys[k] = key.key();
            descending[k] = key.descending();
            nullsFirst[k] = key.nullsFirst();
        }
        this.capacity = capacity;
        this.outIndex = outIndex;
        int n = calls.size();
        functions = new AnalyticFunction[n];
        argBase = new int[n];
        defaultSlot = new int[n];
        aggregateIndex = new int[n];
        List<Evaluator> storedList = new ArrayList<>();
        List<BoundAggregate> aggregateList = new ArrayList<>();
        List<Integer> aggregateBases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AnalyticCall call = calls.get(i);
            AnalyticFunction f = call.function();
            functions[i] = f;
            argBase[i] = keyCount + storedList.size();
            storedList.addAll(call.args().subList(0, f.storedArgs));
            defaultSlot[i] = -1;
            if ((f.kind == AnalyticFunction.Kind.LAG || f.kind == AnalyticFunction.Kind.LEAD) && call.args().size() == 3) {
                defaultSlot[i] = keyCount + storedList.size();
                storedList.add(call.args().get(2));
            }
            aggregateIndex[i] = f.aggregate == null ? -1 : aggregateList.size();
            if (f.aggregate != null) {
                aggregateList.add(f.aggregate);
                aggregateBases.add(argBase[i]);
            }
        }
        stored = storedList.toArray(new Evaluator[0]);
        aggregates = aggregateList.toArray(new BoundAggregate[0]);
        aggregateBase = aggregateBases.stream().mapToInt(Integer::intValue).toArray();
    }

    Buffer newBuffer() {
        return new Buffer(aggregates.length);
    }

    /**
     * Writes a buffer for a changelog (docs/kafka.md#state): its rows in arrival order, each with
     * its sequence number, stored values and which accumulators count it, then each aggregate's
     * held range and accumulator — everything, so that a restored buffer continues bit for bit.
     */
    void write(Buffer b, DataOutputStream out) throws IOException {
        out.writeLong(b.nextSeq);
        out.writeInt(b.arrivals.size());
        for (Entry e : b.arrivals) {
            out.writeLong(e.seq);
            StoreBytes.writeValues(out, e.data);
            for (int k = 0; k < aggregates.length; k++) {
                out.writeBoolean(e.counted[k]);
            }
        }
        for (int k = 0; k < aggregates.length; k++) {
            out.writeInt(b.lo[k]);
            out.writeInt(b.hi[k]);
            out.writeBoolean(b.dirty[k]);
            out.writeBoolean(b.accumulators[k] != null);
            if (b.accumulators[k] != null) {
                b.accumulators[k].writeTo(out);
            }
        }
    }

    /** A buffer written by {@link #write}; its sorted order is rebuilt from the keys and sequence numbers. */
    Buffer read(DataInputStream in) throws IOException {
        Buffer b = newBuffer();
        b.nextSeq = in.readLong();
        for (int n = in.readInt(); n > 0; n--) {
            long seq = in.readLong();
            Object[] data = StoreBytes.readValues(in);
            boolean[] counted = aggregates.length == 0 ? null : new boolean[aggregates.length];
            for (int k = 0; k < aggregates.length; k++) {
                counted[k] = in.readBoolean();
            }
            Entry e = new Entry(data, seq, counted);
            b.arrivals.addLast(e);
            b.sorted.add(e);
        }
        b.sorted.sort((x, y) -> {
            int c = compareKeys(x.data, y.data);
            return c != 0 ? c : Long.compare(x.seq, y.seq);
        });
        for (int k = 0; k < aggregates.length; k++) {
            b.lo[k] = in.readInt();
            b.hi[k] = in.readInt();
            b.dirty[k] = in.readBoolean();
            if (in.readBoolean()) {
                b.accumulators[k] = aggregates[k].newAccumulator();
                b.accumulators[k].readFrom(in);
            }
        }
        return b;
    }

    /** Evaluates what a row contributes, before any state changes (so a failing row leaves none). */
    Object[] evaluate(Row row) {
        Object[] data = new Object[keys.length + stored.length];
        for (int k = 0; k < keys.length; k++) {
            data[k] = keys[k].eval(row);
        }
        for (int j = 0; j < stored.length; j++) {
            data[keys.length + j] = stored[j].eval(row);
        }
        return data;
    }

    /** Adds a row to the buffer and writes each call's result to {@code out[outBase + index]}. */
    void process(Buffer b, Object[] data, Object[] out, int outBase) {
        int c = insert(b, data);
        try {
            for (int i = 0; i < functions.length; i++) {
                out[outBase + outIndex[i]] = result(i, b, c);
            }
        } catch (RuntimeException e) {
            // calls after the failing one skipped this row: rebuild their accumulators next time
            Arrays.fill(b.dirty, true);
            throw e;
        }
    }

    /** Inserts the row, evicts the oldest arrival beyond capacity, returns the row's index. */
    private int insert(Buffer b, Object[] data) {
        Entry e = new Entry(data, b.nextSeq++, aggregates.length == 0 ? null : new boolean[aggregates.length]);
        List<Entry> s = b.sorted;
        int p = s.size();
        if (p > 0 && compareKeys(s.get(p - 1).data, data) > 0) {
            p = upperBound(s, data);
        }
        s.add(p, e);
        b.arrivals.addLast(e);
        for (int k = 0; k < aggregates.length; k++) {
            if (p <= b.lo[k]) {
                b.lo[k]++;
                b.hi[k]++;
            } else if (p <= b.hi[k]) {
                b.hi[k]++; // the new row is inside the held range but not counted yet
            }
        }
        if (s.size() > capacity) {
            Entry old = b.arrivals.pollFirst();
            int x = s.get(0) == old ? 0 : indexOf(s, old);
            s.remove(x);
            for (int k = 0; k < aggregates.length; k++) {
                evicted(b, k, old, x);
            }
            if (x < p) {
                p--;
            }
        }
        return p;
    }

    private void evicted(Buffer b, int k, Entry old, int x) {
        if (x < b.lo[k]) {
            b.lo[k]--;
            b.hi[k]--;
        } else if (x <= b.hi[k]) {
            b.hi[k]--;
        }
        if (old.counted[k] && !b.dirty[k]) {
            if (aggregates[k].supportsRemove()) {
                try {
                    take(b.accumulators[k], k, old, false);
                } catch (RuntimeException ex) {
                    // the row is gone either way; a rebuild from the remaining rows is exact
                    b.dirty[k] = true;
                }
            } else {
                b.dirty[k] = true;
            }
        }
    }

    private Object result(int i, Buffer b, int c) {
        AnalyticFunction f = functions[i];
        List<Entry> s = b.sorted;
        int m = s.size();
        switch (f.kind) {
            case ROW_NUMBER:
                return (long) (c + 1);
            case RANK:
                return (long) (firstPeer(s, c) + 1);
            case DENSE_RANK:
                return denseRank(s, c);
            case PERCENT_RANK:
                return m == 1 ? 0.0 : (double) firstPeer(s, c) / (m - 1);
            case CUME_DIST:
                // the current row is the last of its peers, so c + 1 rows sort at or before it
                return (double) (c + 1) / m;
            case NTILE:
                return ntile(f.n, m, c);
            case LAG:
                return f.n <= c ? arg(s.get(c - (int) f.n), i) : lagDefault(s.get(c), i);
            case LEAD:
                return f.n < m - c ? arg(s.get(c + (int) f.n), i) : lagDefault(s.get(c), i);
            default:
                break;
        }
        int lo = start(f.frame, s, c);
        int hi = end(f.frame, s, c);
        switch (f.kind) {
            case FIRST_VALUE:
                return lo <= hi ? arg(s.get(lo), i) : null;
            case LAST_VALUE:
                return lo <= hi ? arg(s.get(hi), i) : null;
            case NTH_VALUE:
                return f.n - 1 <= hi - lo ? arg(s.get(lo + (int) f.n - 1), i) : null;
            default:
                return aggregate(aggregateIndex[i], b, lo, hi, c);
        }
    }

    private Object arg(Entry e, int call) {
        return e.data[argBase[call]];
    }

    private Object lagDefault(Entry current, int call) {
        return defaultSlot[call] < 0 ? null : current.data[defaultSlot[call]];
    }

    private static long ntile(long buckets, int m, int c) {
        long size = m / buckets;
        long big = m % buckets; // the first `big` buckets hold one row more
        long inBig = big * (size + 1);
        return c < inBig ? c / (size + 1) + 1 : big + (c - inBig) / size + 1;
    }

    private long denseRank(List<Entry> s, int c) {
        int first = firstPeer(s, c);
        long rank = 1;
        for (int j = 1; j <= first; j++) {
            if (compareKeys(s.get(j - 1).data, s.get(j).data) != 0) {
                rank++;
            }
        }
        return rank;
    }

    /**
     * Brings the accumulator from the rows it holds to the frame [lo, hi]: adds and removes the
     * difference when the aggregate can remove; appends rows that follow the held ones when it
     * cannot (order matters to some, e.g. STRING_AGG); rebuilds otherwise.
     */
    private Object aggregate(int k, Buffer b, int lo, int hi, int c) {
        List<Entry> s = b.sorted;
        int heldLo = b.lo[k];
        int heldHi = b.hi[k];
        boolean removable = aggregates[k].supportsRemove();
        boolean appendOnly = heldLo > heldHi || (lo == heldLo && hi >= heldHi && (c < heldLo || c > heldHi));
        Accumulator acc = b.accumulators[k];
        try {
            if (b.dirty[k] || !(removable || appendOnly)) {
                acc = aggregates[k].newAccumulator();
                b.accumulators[k] = acc;
                for (Entry e : s) {
                    e.counted[k] = false;
                }
                for (int j = lo; j <= hi; j++) {
                    take(acc, k, s.get(j), true);
                }
            } else {
                for (int j = heldLo; j <= heldHi; j++) {
                    if ((j < lo || j > hi) && s.get(j).counted[k]) {
                        take(acc, k, s.get(j), false);
                    }
                }
                for (int j = lo; j <= hi; j++) {
                    if ((j < heldLo || j > heldHi || j == c) && !s.get(j).counted[k]) {
                        take(acc, k, s.get(j), true);
                    }
                }
            }
            b.dirty[k] = false;
        } catch (RuntimeException e) {
            b.dirty[k] = true;
            throw e;
        }
        b.lo[k] = lo;
        b.hi[k] = hi;
        return acc.result();
    }

    /** Adds ({@code add}) or removes a row's input to an accumulator and marks it. */
    private void take(Accumulator acc, int k, Entry e, boolean add) {
        BoundAggregate agg = aggregates[k];
        int base = aggregateBase[k];
        Object[] d = e.data;
        switch (agg.inputCount()) {
            case 0:
                if (add) {
                    acc.add(Accumulator.ROW);
                } else {
                    acc.remove(Accumulator.ROW);
                }
                break;
            case 1:
                if (add) {
                    acc.add(d[base]);
                } else {
                    acc.remove(d[base]);
                }
                break;
            default:
                if (add) {
                    acc.add2(d[base], d[base + 1]);
                } else {
                    acc.remove2(d[base], d[base + 1]);
                }
        }
        e.counted[k] = add;
    }

    // ---- frame bounds: indexes into the sorted buffer, clamped to it; empty when lo > hi ----

    private int start(Frame f, List<Entry> s, int c) {
        Frame.Bound b = f.start();
        int m = s.size();
        return switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case CURRENT_ROW -> f.range() ? firstPeer(s, c) : c;
            case PRECEDING -> f.range() ? rangeBound(s, c, b.offset(), true, true) : (int) Math.max(0, c - rows(b));
            case FOLLOWING -> f.range() ? rangeBound(s, c, b.offset(), false, true) : (int) Math.min(m, c + rows(b));
            case UNBOUNDED_FOLLOWING -> m;
        };
    }

    private int end(Frame f, List<Entry> s, int c) {
        Frame.Bound b = f.end();
        int m = s.size();
        return switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> -1;
            case CURRENT_ROW -> c; // the current row is the last of its peers
            case PRECEDING -> f.range() ? rangeBound(s, c, b.offset(), true, false) : (int) Math.max(-1, c - rows(b));
            case FOLLOWING -> f.range() ? rangeBound(s, c, b.offset(), false, false) : (int) Math.min(m - 1, c + rows(b));
            case UNBOUNDED_FOLLOWING -> m - 1;
        };
    }

    /** A ROWS offset, capped so that adding it to an index cannot overflow. */
    private static long rows(Frame.Bound b) {
        return Math.min((Long) b.offset(), Integer.MAX_VALUE);
    }

    /**
     * A RANGE offset bound on the single key: the first row whose key is at or after
     * {@code key ∓ offset} (a start) or the last at or before it (an end). Preceding means smaller
     * keys when ascending, larger when descending. A NULL current key has only its peers.
     */
    private int rangeBound(List<Entry> s, int c, Object offset, boolean preceding, boolean start) {
        Object key = s.get(c).data[0];
        if (key == null) {
            return start ? firstPeer(s, c) : c;
        }
        Object target = preceding != descending[0] ? Arithmetic.subtract(key, offset) : Arithmetic.add(key, offset);
        int lo = 0;
        int hi = s.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = compareKey(s.get(mid).data[0], target, 0);
            if (start ? cmp < 0 : cmp <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return start ? lo : lo - 1;
    }

    // ---- ordering ----

    private int firstPeer(List<Entry> s, int c) {
        Object[] key = s.get(c).data;
        if (c == 0 || compareKeys(s.get(c - 1).data, key) != 0) {
            return c; // the usual case of distinct keys
        }
        int lo = 0;
        int hi = c;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKeys(s.get(mid).data, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose keys sort after {@code data}'s: where a new row goes. */
    private int upperBound(List<Entry> s, Object[] data) {
        int lo = 0;
        int hi = s.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKeys(s.get(mid).data, data) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int indexOf(List<Entry> s, Entry e) {
        int lo = 0;
        int hi = s.size() - 1;
        while (true) {
            int mid = (lo + hi) >>> 1;
            Entry x = s.get(mid);
            int cmp = compareKeys(x.data, e.data);
            if (cmp == 0) {
                cmp = Long.compare(x.seq, e.seq);
            }
            if (cmp == 0) {
                return mid;
            } else if (cmp < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
    }

    private int compareKeys(Object[] a, Object[] b) {
        for (int k = 0; k < keys.length; k++) {
            int c = compareKey(a[k], b[k], k);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int compareKey(Object a, Object b, int k) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == nullsFirst[k] ? -1 : 1;
        }
        int c = Values.compare(a, b);
        return descending[k] ? -c : c;
    }
}
