package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.internal.exec.time.WatermarkStore;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.internal.exec.window.LateDataStrategy;
import io.velostream.engine.internal.exec.window.Session;
import io.velostream.engine.internal.exec.window.SessionWindows;
import io.velostream.engine.internal.exec.window.WindowAssigner;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import java.util.TreeMap;

/**
 * GROUP BY with a WINDOW (docs/sql.md#windows-and-time). Each record's time (its event time, or the window's time column)
 * places it in its window(s); the watermark advances with the records; a window closes when the
 * watermark passes its end plus its grace period, and its state is freed then. EMIT FINAL (the
 * default with a window) emits one row per group when its window closes; EMIT CHANGES emits the
 * updated row of the record's window per input. At the end of bounded input every window
 * closes. A record whose window has closed is late and handled by the late-data strategy.
 *
 * <p>With {@link #useStore}, the groups of time windows live in the store {@code windows}, sessions
 * in {@code sessions}, and the watermark in {@code watermark}: restored after a restart and rolled
 * back with an aborted batch (docs/kafka.md#state).
 */
public final class WindowAggregateOperator implements Operator, StatefulOperator {
    /**
     * @param time          a record's time in the window's terms: its event time, a time column, or
     *                      the event-time field read straight from the payload
     * @param lateRetention how long (event time) a closed window is kept for UPDATE_PREVIOUS
     */
    public record Settings(WindowAssigner assigner, WatermarkTracker watermark, LateDataStrategy late,
                           long lateRetention, boolean emitChanges, ToLongFunction<StreamRecord> time) {
    }

    /** The time of a time column's value (a TIMESTAMP, epoch milliseconds or a timestamp string). */
    public static ToLongFunction<StreamRecord> timeColumn(Evaluator column) {
        Row row = new Row();
        return r -> {
            row.reset(r, null);
            Object v = column.eval(row);
            if (v == null) {
                throw new ValueException("the window's time column is NULL");
            }
            return v instanceof Long l ? l : Coercions.toLong(Coercions.toTimestamp(v));
        };
    }

    private final Aggregation aggregation;
    private final Settings settings;
    private final RecordErrorHandler errors;
    private final Runnable lateCounter;
    private final Windows windows;
    private WatermarkStore watermarkStore;

    public WindowAggregateOperator(Aggregation aggregation, Settings settings, RecordErrorHandler errors,
                                   Runnable lateCounter) {
        this.aggregation = aggregation;
        this.settings = settings;
        this.errors = errors;
        this.lateCounter = lateCounter;
        this.windows = settings.assigner().kind() == WindowAssigner.Kind.SESSION ? new Sessions() : new TimeWindows();
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        WatermarkTracker watermark = settings.watermark();
        if (watermarkStore != null) {
            watermarkStore.changing();
        }
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            try {
                long t = settings.time().applyAsLong(r);
                windows.add(r, t, watermark.current(), out);
                watermark.observe(r.partition(), t);
                windows.closePerRecord(watermark.current(), out);
            } catch (ValueException e) {
                errors.onError(RecordError.eval(r, e));
            }
        }
        windows.closePerBatch(watermark.current(), out);
    }

    @Override
    public void finish(List<StreamRecord> out) {
        windows.closePerRecord(Long.MAX_VALUE, out);
        windows.closePerBatch(Long.MAX_VALUE, out);
    }

    /** Windows (or sessions) holding state now: what stays bounded on an unbounded stream. */
    public int openWindows() {
        return windows.size();
    }

    @Override
    public long stateSize() {
        return windows.groups();
    }

    @Override
    public WatermarkTracker watermark() {
        return settings.watermark();
    }

    private StreamRecord result(Group g, long start, long end) {
        return g.toRecord(aggregation.groupSchema(), start, end, true);
    }

    /** A record came too late for its window and the strategy does not place it elsewhere. */
    private void late(StreamRecord r, long t, long watermark) {
        if (settings.late() == LateDataStrategy.DEAD_LETTER) {
            errors.onError(new RecordError(RecordError.Kind.LATE, r.topic(), r.position(), "late record: event time " + t
                    + " is behind the watermark " + watermark + " and its window has closed", r.toString(), null));
        } else {
            lateCounter.run();
        }
    }

    private interface Windows {
        /** Keeps the state in a store of {@code stores} from now on, restored from it. */
        void useStore(StoreProvider stores);

        void add(StreamRecord r, long t, long watermark, List<StreamRecord> out);

        /** Closes what the watermark has passed, where that is cheap enough to check per record. */
        void closePerRecord(long watermark, List<StreamRecord> out);

        void closePerBatch(long watermark, List<StreamRecord> out);

        int size();

        /** Groups held over all windows: the state's size. */
        long groups();
    }

    /** TUMBLING and SLIDING windows: a group table per window start, closed in start order. */
    private final class TimeWindows implements Windows {
        private final TreeMap<Long, GroupTable> open = new TreeMap<>();
        private final TreeMap<Long, GroupTable> closed = new TreeMap<>();
        private final long[] starts = new long[settings.assigner().maxWindowsPerRecord()];
        /* The open window the last record went to: with ordered input the next one usually goes there too,
           so the TreeMap lookup (and the boxing of its key) is skipped. Null once that window closes. */
        private GroupTable lastTable;
        private long lastStart;
        /** Every window's groups, when in a store: the source of truth, of which open and closed are the index. */
        private KeyValueStore<Object, Group> store;

        @Override
        public void useStore(StoreProvider stores) {
            store = stores.open("windows", new GroupCodec(aggregation, true));
            index();
            store.onRollback(this::index);
        }

        /** Rebuilds open and closed from the store, the watermark deciding which window is which. */
        private void index() {
            open.clear();
            closed.clear();
            lastTable = null;
            Map<Long, WindowGroups> byStart = new LinkedHashMap<>();
            store.forEach((k, g) -> byStart.computeIfAbsent(g.windowStart, WindowGroups::new).adopt(g));
            WindowAssigner assigner = settings.assigner();
            long watermark = settings.watermark().last();
            byStart.forEach((start, groups) -> (WindowAssigner.closes(assigner.end(start), assigner.grace(), watermark)
                    ? closed : open).put(start, aggregation.newTable(groups)));
        }

        private GroupTable newTable(long start) {
            return store == null ? aggregation.newTable() : aggregation.newTable(new WindowGroups(start));
        }

        /** The window's state is no longer needed: out of the store too. */
        private void drop(GroupTable table) {
            if (store != null) {
                table.clear();
            }
        }

        @Override
        public void add(StreamRecord r, long t, long watermark, List<StreamRecord> out) {
            WindowAssigner assigner = settings.assigner();
            int n = assigner.assign(t, starts);
            if (settings.late() == LateDataStrategy.INCLUDE_IN_NEXT && n > 0
                    && WindowAssigner.isLate(assigner.end(starts[n - 1]), assigner.grace(), watermark)) {
                // Every window of t has closed: count the record where the watermark is now.
                n = assigner.assign(Math.max(t, watermark - assigner.grace()), starts);
            }
            boolean dropped = false;
            for (int i = 0; i < n; i++) {
                long start = starts[i];
                long end = assigner.end(start);
                GroupTable table;
                boolean isOpen = !WindowAssigner.isLate(end, assigner.grace(), watermark);
                if (isOpen) {
                    table = openTable(start);
                } else if (settings.late() == LateDataStrategy.UPDATE_PREVIOUS && closed.containsKey(start)) {
                    table = closed.get(start);
                } else {
                    dropped = true;
                    continue;
                }
                Group g = aggregation.groupOf(table, r);
                aggregation.accumulate(g, r, t);
                if (settings.emitChanges() || !isOpen) {
                    out.add(result(g, start, end));
                }
            }
            if (dropped) {
                late(r, t, watermark);
            }
        }

        private GroupTable openTable(long start) {
            if (lastTable == null || lastStart != start) {
                lastTable = open.computeIfAbsent(start, this::newTable);
                lastStart = start;
            }
            return lastTable;
        }

        @Override
        public void closePerRecord(long watermark, List<StreamRecord> out) {
            WindowAssigner assigner = settings.assigner();
            while (!open.isEmpty()) {
                long start = open.firstKey();
                long end = assigner.end(start);
                if (!WindowAssigner.closes(end, assigner.grace(), watermark)) {
                    break;
                }
                GroupTable table = open.pollFirstEntry().getValue();
                if (table == lastTable) {
                    lastTable = null;
                }
                if (!settings.emitChanges()) {
                    table.forEach(g -> out.add(result(g, start, end)));
                }
                if (settings.late() == LateDataStrategy.UPDATE_PREVIOUS && watermark != Long.MAX_VALUE) {
                    closed.put(start, table);
                } else {
                    drop(table);
                }
            }
            while (!closed.isEmpty() && WindowAssigner.closes(assigner.end(closed.firstKey()),
                    assigner.grace() + settings.lateRetention(), watermark)) {
                drop(closed.pollFirstEntry().getValue());
            }
        }

        @Override
        public void closePerBatch(long watermark, List<StreamRecord> out) {
            // Time windows close per record already.
        }

        @Override
        public int size() {
            return open.size() + closed.size();
        }

        @Override
        public long groups() {
            long n = 0;
            for (GroupTable t : open.values()) {
                n += t.size();
            }
            for (GroupTable t : closed.values()) {
                n += t.size();
            }
            return n;
        }

        /**
         * The groups of one window in the shared store: looked up here (the window's own map, so a
         * lookup costs no key object), every change reported to the store.
         */
        private final class WindowGroups implements KeyValueStore<Object, Group> {
            private final long start;
            private final Map<Object, Group> groups = new LinkedHashMap<>();

            WindowGroups(long start) {
                this.start = start;
            }

            /** A group restored from the store. */
            void adopt(Group g) {
                groups.put(GroupTable.storeKey(g.keys), g);
            }

            @Override
            public Group get(Object key) {
                return groups.get(key);
            }

            @Override
            public void put(Object key, Group g) {
                g.windowStart = start;
                groups.put(key, g);
                store.put(new GroupCodec.WindowKey(start, key), g);
            }

            @Override
            public Group remove(Object key) {
                Group g = groups.remove(key);
                if (g != null) {
                    store.remove(new GroupCodec.WindowKey(start, key));
                }
                return g;
            }

            @Override
            public void changed(Object key, Group g) {
                store.changed(null, g); // the store tracks values by identity: no key object per record
            }

            @Override
            public int size() {
                return groups.size();
            }

            @Override
            public void forEach(BiConsumer<? super Object, ? super Group> action) {
                groups.forEach(action);
            }

            @Override
            public void clear() {
                groups.forEach((key, g) -> store.remove(new GroupCodec.WindowKey(start, key)));
                groups.clear();
            }
        }
    }

    /** SESSION windows: per group, sessions that merge when a record bridges them. */
    private final class Sessions implements Windows {
        private KeyValueStore<Object, KeySessions> byKey = new InMemoryKeyValueStore<>();
        private final SessionWindows.Merger<Group> merger = (into, from) -> {
            into.absorb(from);
            return into;
        };

        @Override
        public void add(StreamRecord r, long t, long watermark, List<StreamRecord> out) {
            Object[] keyValues = aggregation.keyValues(r);
            Object key = GroupTable.storeKey(keyValues);
            KeySessions keySessions = byKey.get(key);
            if (keySessions == null) {
                keySessions = new KeySessions(keyValues, new SessionWindows<>(settings.assigner().size()));
                byKey.put(key, keySessions);
            } else {
                byKey.changed(key, keySessions);
            }
            SessionWindows<Group> sessions = keySessions.sessions();
            long grace = settings.assigner().grace();
            long time = t;
            if (sessions.isLate(time, grace, watermark) && settings.late() == LateDataStrategy.INCLUDE_IN_NEXT) {
                time = Math.max(time, watermark);
            }
            if (sessions.isLate(time, grace, watermark)) {
                // A closed session's state is gone, so UPDATE_PREVIOUS cannot correct it either.
                late(r, t, watermark);
                return;
            }
            Session<Group> session = sessions.add(time, merger);
            if (session.state() == null) {
                session.state(aggregation.newGroup(keyValues));
            }
            aggregation.accumulate(session.state(), r, time);
            if (settings.emitChanges()) {
                out.add(result(session.state(), session.start(), session.end()));
            }
        }

        @Override
        public void closePerRecord(long watermark, List<StreamRecord> out) {
            // Sessions are spread over every key: checked once per batch.
        }

        @Override
        public void closePerBatch(long watermark, List<StreamRecord> out) {
            long grace = settings.assigner().grace();
            byKey.forEach((k, ks) -> {
                if (ks.sessions().closesAny(watermark, grace)) {
                    byKey.changed(k, ks);
                    ks.sessions().closeUpTo(watermark, grace, s -> {
                        if (!settings.emitChanges()) {
                            out.add(result(s.state(), s.start(), s.end()));
                        }
                    });
                }
            });
        }

        @Override
        public int size() {
            int[] n = {0};
            byKey.forEach((k, s) -> n[0] += s.sessions().size());
            return n[0];
        }

        @Override
        public long groups() {
            return size(); // a session holds one group's state
        }

        @Override
        public void useStore(StoreProvider stores) {
            byKey = stores.open("sessions", new SessionCodec());
        }
    }

    /** The sessions of one GROUP BY key: a store's value, which knows its key. */
    private record KeySessions(Object[] keys, SessionWindows<Group> sessions) {
    }

    /**
     * A key's sessions in a changelog: the key is the GROUP BY values, the value the end of the last
     * closed session and each open session's bounds and group state. Rolling back reads the
     * sessions back in place, merges undone.
     */
    private final class SessionCodec implements StoreCodec<Object, KeySessions> {
        private final StoreBytes bytes = new StoreBytes();

        @Override
        public Object keyOf(KeySessions ks) {
            return GroupTable.storeKey(ks.keys());
        }

        @Override
        public byte[] key(Object key) {
            return bytes.bytes(out -> StoreBytes.writeValues(out, GroupTable.keyValues(key, aggregation.keyCount())));
        }

        @Override
        public byte[] value(KeySessions ks) {
            return bytes.bytes(out -> {
                out.writeLong(ks.sessions().closedEnd());
                List<Session<Group>> open = ks.sessions().sessions();
                out.writeInt(open.size());
                for (Session<Group> s : open) {
                    out.writeLong(s.start());
                    out.writeLong(s.end());
                    s.state().writeState(out);
                }
            });
        }

        @Override
        public void restore(KeySessions ks, byte[] state) {
            StoreBytes.read(state, in -> {
                SessionWindows<Group> sessions = ks.sessions();
                sessions.reset(in.readLong());
                for (int n = in.readInt(); n > 0; n--) {
                    long start = in.readLong();
                    long end = in.readLong();
                    Group g = aggregation.newGroup(ks.keys());
                    g.readState(in);
                    sessions.restore(start, end, g);
                }
                return ks;
            });
        }

        @Override
        public KeySessions decode(byte[] key, byte[] state) {
            KeySessions ks = new KeySessions(StoreBytes.read(key, StoreBytes::readValues),
                    new SessionWindows<>(settings.assigner().size()));
            restore(ks, state);
            return ks;
        }
    }

    @Override
    public String stateKind() {
        return "windows";
    }

    @Override
    public List<String> storeNames() {
        return List.of(WatermarkStore.NAME, windows instanceof Sessions ? "sessions" : "windows");
    }

    @Override
    public void useStore(StoreProvider stores) {
        // The watermark first: rolled back before the windows, whose index it sorts into open and closed.
        watermarkStore = new WatermarkStore(stores, settings.watermark());
        windows.useStore(stores);
    }
}
