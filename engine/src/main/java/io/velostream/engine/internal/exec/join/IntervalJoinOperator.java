package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.internal.exec.time.WatermarkStore;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.record.CompositeKey;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Stream–stream interval join (docs/joins.md): a left row at {@code l} and a right row at {@code r} (event
 * times) join when their keys are equal and {@code l + lower ≤ r ≤ l + upper} ({@code WITHIN d}
 * is lower = −d, upper = +d). Both sides are buffered in state stores, by join key and then time.
 *
 * <p><b>Time.</b> The watermark {@code W} promises no more rows with a time {@code < W} (see
 * {@link WatermarkTracker}). A left row can only meet right rows up to {@code l + upper}, so it
 * expires once {@code W > l + upper}; a right row once {@code W > r − lower}. An expiring row of
 * an outer side that never matched is emitted then, once, with NULLs for the other side. The
 * operator observes each side's partitions under their own ids in the tracker, so the watermark
 * is the minimum over both sides: a side that is behind (its batch comes later) holds it back
 * instead of having its rows declared late, and until both sides have delivered a row (or ended)
 * nothing expires. A side that ends stops holding it back, so the other side's rows keep expiring. A row behind the watermark ({@code time < W}) may have lost partners that were
 * already dropped, so it cannot be joined exactly: it is late, counted and dropped.
 *
 * <p><b>Output.</b> Left values ({@code leftWidth}) then right values ({@code rightWidth}), NULLs
 * for a missing side. Event time = the later input's; key, timestamp, source position and headers
 * are the left row's (docs/sql.md#system-columns-and-headers), the right row's for an unmatched right row. A row with a NULL key
 * part matches nothing: on an outer side it is emitted at once with NULLs, else dropped.
 *
 * <p>The two inputs feed {@link #left()} and {@link #right()}. When both have finished, every
 * remaining unmatched outer row is emitted (by the second {@code finish}).
 *
 * <p><b>State.</b> With {@code useStore} each side's buffered rows live in the store
 * {@code join-left} or {@code join-right}, and the join's watermark in {@code watermark}
 * (docs/kafka.md#state); the expiry queues are their index, rebuilt after a restore or rollback.
 */
public final class IntervalJoinOperator {
    private static final Comparator<RowBuffer.Entry> EXPIRY_ORDER =
            Comparator.<RowBuffer.Entry>comparingLong(e -> e.time).thenComparingLong(e -> e.seq);

    private final long lower;
    private final long upper;
    private final Schema joinedSchema;
    private final WatermarkTracker watermark;
    private final RecordErrorHandler errors;
    private final Runnable lateCounter;
    private final Side left;
    private final Side right;
    private long seq;
    /** The join's watermark as of the last record or finish: read once per record, not per use. */
    private long currentWatermark = Long.MIN_VALUE;
    private WatermarkStore watermarkStore;

    /**
     * @param lowerMs     lower bound of {@code right.t − left.t}, may be negative
     * @param upperMs     upper bound of {@code right.t − left.t}, at least {@code lowerMs}
     * @param watermark   this join's own tracker: it observes partitions under per-side ids
     * @param lateCounter run once per late row dropped
     */
    public IntervalJoinOperator(JoinType type, Evaluator[] leftKey, Evaluator[] rightKey, long lowerMs,
                                long upperMs, int leftWidth, int rightWidth, Schema joinedSchema,
                                WatermarkTracker watermark, RecordErrorHandler errors, Runnable lateCounter) {
        if (lowerMs > upperMs) {
            throw new IllegalArgumentException("interval join lower bound " + lowerMs + " ms is after its upper bound "
                    + upperMs + " ms");
        }
        this.lower = lowerMs;
        this.upper = upperMs;
        this.joinedSchema = joinedSchema;
        this.watermark = watermark;
        this.errors = errors;
        this.lateCounter = lateCounter;
        this.left = new Side(0, new JoinKey(leftKey), leftWidth, type.keepsUnmatchedLeft());
        this.right = new Side(1, new JoinKey(rightKey), rightWidth, type.keepsUnmatchedRight());
    }

    /** The left input. */
    public Operator left() {
        return left;
    }

    /** The right input. */
    public Operator right() {
        return right;
    }

    /** Rows buffered on the left side now. */
    public int leftBuffered() {
        return left.expiry.size();
    }

    /** Rows buffered on the right side now. */
    public int rightBuffered() {
        return right.expiry.size();
    }

    /** Join keys holding buffered rows now, both sides. */
    public int bufferedKeys() {
        return left.store.size() + right.store.size();
    }

    private Side other(Side s) {
        return s == left ? right : left;
    }

    /**
     * Rebuilds what the stores index — each side's expiry queue, which partitions it has seen —
     * from the stores and the watermark, after a restore or a rollback.
     */
    private void index() {
        for (Side s : new Side[] {left, right}) {
            s.expiry.clear();
            s.partitions.clear();
            s.seen = false;
            s.store.forEach((k, rows) -> {
                for (int i = 0, n = rows.size(); i < n; i++) {
                    s.expiry.add(rows.get(i));
                    seq = Math.max(seq, rows.get(i).seq + 1);
                }
            });
        }
        watermark.forEachPartition(index -> { // observe's ids: 2 * (partition + 1) + side
            Side s = (index & 1) == 0 ? left : right;
            s.seen = true;
            s.partitions.set(index / 2);
        });
        currentWatermark = left.started() && right.started() ? watermark.last() : Long.MIN_VALUE;
    }

    /** Updates the join's watermark; it is held at its minimum until each side has delivered a row or ended. */
    private long refreshWatermark() {
        if (left.started() && right.started()) {
            currentWatermark = watermark.current();
        }
        return currentWatermark;
    }

    private void onRecord(Side side, StreamRecord r, List<StreamRecord> out) {
        long t = r.eventTime();
        if (t < currentWatermark) {
            lateCounter.run();
            return;
        }
        Object key;
        try {
            key = side.key.of(r);
        } catch (ValueException e) {
            errors.onError(RecordError.eval(r, e));
            return;
        }
        side.seen = true;
        if (key != null) {
            side.buffer(key, r, t, probe(side, key, r, t, out), seq++);
        } else if (side.outer) {
            out.add(unmatched(side, r));
        }
        side.observe(r.partition(), t);
        expire(refreshWatermark(), false, out);
    }

    /** Joins {@code r} with the other side's buffered rows in its interval; true when any matched. */
    private boolean probe(Side side, Object key, StreamRecord r, long t, List<StreamRecord> out) {
        Side o = other(side);
        RowBuffer rows = o.store.get(key);
        if (rows == null) {
            return false;
        }
        // Left at l meets right in [l + lower, l + upper]; right at r meets left in [r - upper, r - lower].
        long from = side == left ? add(t, lower) : add(t, -upper);
        long to = side == left ? add(t, upper) : add(t, -lower);
        boolean matched = false;
        for (int i = rows.firstAtOrAfter(from), n = rows.size(); i < n; i++) {
            RowBuffer.Entry e = rows.get(i);
            if (e.time > to) {
                break;
            }
            out.add(side == left ? joined(r, e.record) : joined(e.record, r));
            if (!e.matched) {
                o.store.changed(rows.key, rows); // before the change: a rollback restores what was
                e.matched = true;
            }
            matched = true;
        }
        return matched;
    }

    /**
     * Drops the rows whose interval the watermark has passed, oldest deadline first across both
     * sides, emitting unmatched outer rows; with {@code all}, every row (both inputs ended).
     */
    private void expire(long w, boolean all, List<StreamRecord> out) {
        while (true) {
            RowBuffer.Entry l = left.expiry.peek();
            RowBuffer.Entry r = right.expiry.peek();
            boolean leftDue = l != null && (all || w > left.deadline(l.time));
            boolean rightDue = r != null && (all || w > right.deadline(r.time));
            if (!leftDue && !rightDue) {
                return;
            }
            Side s = leftDue && (!rightDue || left.deadline(l.time) <= right.deadline(r.time)) ? left : right;
            RowBuffer.Entry e = s.expireFirst();
            if (s.outer && !e.matched) {
                out.add(unmatched(s, e.record));
            }
        }
    }

    private StreamRecord joined(StreamRecord l, StreamRecord r) {
        Object[] values = new Object[left.width + right.width];
        copy(l, values, 0, left.width);
        copy(r, values, left.width, right.width);
        return new StreamRecord(joinedSchema, values, l.key(), l.timestamp(), Math.max(l.eventTime(), r.eventTime()),
                l.topic(), l.partition(), l.offset(), l.headers());
    }

    private StreamRecord unmatched(Side side, StreamRecord r) {
        Object[] values = new Object[left.width + right.width];
        copy(r, values, side == left ? 0 : left.width, side.width);
        return r.withValues(joinedSchema, values);
    }

    private static void copy(StreamRecord r, Object[] values, int at, int width) {
        for (int i = 0; i < width; i++) {
            values[at + i] = r.value(i);
        }
    }

    /** {@code a + b}, saturating at the ends of the long range (times near the limits). */
    private static long add(long a, long b) {
        long s = a + b;
        if (((a ^ s) & (b ^ s)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return s;
    }

    /** One input: its key, its buffered rows by key (each in time order) and its expiry queue. */
    private final class Side implements Operator, StatefulOperator {
        final int id;
        final JoinKey key;
        final int width;
        final boolean outer;
        KeyValueStore<Object, RowBuffer> store = new InMemoryKeyValueStore<>();
        /** Every buffered row in time order: for a side, time order is deadline order. */
        final PriorityQueue<RowBuffer.Entry> expiry = new PriorityQueue<>(EXPIRY_ORDER);
        /** The source partitions seen, at partition + 1. */
        final BitSet partitions = new BitSet();
        boolean seen;
        boolean ended;

        Side(int id, JoinKey key, int width, boolean outer) {
            this.id = id;
            this.key = key;
            this.width = width;
            this.outer = outer;
        }

        @Override
        public String stateKind() {
            return "stream-stream join buffers";
        }

        @Override
        public List<String> storeNames() {
            return this == left ? List.of(WatermarkStore.NAME, "join-left") : List.of("join-right");
        }

        /** The left side opens the join's watermark store too: first, so it is rolled back first. */
        @Override
        public void useStore(StoreProvider stores) {
            if (watermarkStore == null) {
                watermarkStore = new WatermarkStore(stores, watermark);
            }
            // Pinned: the expiry queue holds the buffers' rows, so a buffer must stay the object it finds by key.
            store = stores.openPinned(this == left ? "join-left" : "join-right", new RowsCodec(this));
            index();
            store.onRollback(IntervalJoinOperator.this::index);
        }

        @Override
        public long stateSize() {
            return expiry.size();
        }

        @Override
        public WatermarkTracker watermark() {
            return watermark;
        }

        /** Side ids keep the sides' partitions apart, so the tracker's minimum spans both sides. */
        void observe(int partition, long t) {
            partitions.set(partition + 1);
            watermark.observe(2 * (partition + 1) + id, t);
        }

        boolean started() {
            return seen || ended;
        }

        /** The watermark past which a row at {@code time} can meet no more rows of the other side. */
        long deadline(long time) {
            return this == left ? add(time, upper) : add(time, -lower);
        }

        void buffer(Object k, StreamRecord r, long t, boolean matched, long seqNo) {
            RowBuffer rows = store.get(k);
            if (rows == null) {
                rows = new RowBuffer(JoinKey.retain(k));
                store.put(rows.key, rows);
            } else {
                store.changed(rows.key, rows);
            }
            RowBuffer.Entry e = new RowBuffer.Entry(r, t, seqNo, rows);
            e.matched = matched;
            rows.insert(e);
            expiry.add(e);
        }

        /** Removes the row with the earliest deadline; it is the first of its key's buffer. */
        RowBuffer.Entry expireFirst() {
            RowBuffer.Entry e = expiry.poll();
            RowBuffer rows = e.buffer;
            if (rows.size() == 1) {
                store.remove(rows.key);
            } else {
                store.changed(rows.key, rows);
            }
            rows.removeFirst();
            return e;
        }

        @Override
        public void process(List<StreamRecord> in, List<StreamRecord> out) {
            if (watermarkStore != null) {
                watermarkStore.changing();
            }
            for (int i = 0, n = in.size(); i < n; i++) {
                onRecord(this, in.get(i), out);
            }
        }

        @Override
        public void finish(List<StreamRecord> out) {
            ended = true;
            if (watermarkStore != null) {
                watermarkStore.changing();
            }
            // No more rows from this side: its partitions stop holding the watermark back.
            for (int p = partitions.nextSetBit(0); p >= 0; p = partitions.nextSetBit(p + 1)) {
                observe(p - 1, Long.MAX_VALUE);
            }
            expire(refreshWatermark(), other(this).ended, out);
        }
    }

    /**
     * A side's rows of one join key in a changelog: the key is the join key's values, the value
     * each row's time, sequence number, whether it matched and the row itself. Rolling back reads
     * the rows back into the same buffer.
     */
    private final class RowsCodec implements StoreCodec<Object, RowBuffer> {
        private final StoreBytes bytes = new StoreBytes();
        private final Side side;
        private final Schema schema;

        RowsCodec(Side side) {
            this.side = side;
            int from = side == left ? 0 : left.width;
            List<SqlType> types = new ArrayList<>();
            for (int i = from; i < from + side.width; i++) {
                types.add(joinedSchema.type(i));
            }
            this.schema = Schema.of(joinedSchema.names().subList(from, from + side.width), types);
        }

        @Override
        public Object keyOf(RowBuffer rows) {
            return rows.key;
        }

        @Override
        public byte[] key(Object key) {
            return bytes.bytes(out -> StoreBytes.writeValues(out,
                    key instanceof CompositeKey c ? c.values() : new Object[] {key}));
        }

        @Override
        public byte[] value(RowBuffer rows) {
            return bytes.bytes(out -> {
                out.writeInt(rows.size());
                for (int i = 0, n = rows.size(); i < n; i++) {
                    RowBuffer.Entry e = rows.get(i);
                    out.writeLong(e.time);
                    out.writeLong(e.seq);
                    out.writeBoolean(e.matched);
                    StoreBytes.writeRecord(out, e.record, side.width);
                }
            });
        }

        @Override
        public void restore(RowBuffer rows, byte[] state) {
            StoreBytes.read(state, in -> {
                rows.clear();
                for (int n = in.readInt(); n > 0; n--) {
                    long time = in.readLong();
                    long seqNo = in.readLong();
                    boolean matched = in.readBoolean();
                    RowBuffer.Entry e = new RowBuffer.Entry(StoreBytes.readRecord(in, schema), time, seqNo, rows);
                    e.matched = matched;
                    rows.insert(e);
                }
                return rows;
            });
        }

        @Override
        public RowBuffer decode(byte[] key, byte[] state) {
            Object[] values = StoreBytes.read(key, StoreBytes::readValues);
            RowBuffer rows = new RowBuffer(values.length == 1 ? values[0] : CompositeKey.of(values));
            restore(rows, state);
            return rows;
        }
    }
}
