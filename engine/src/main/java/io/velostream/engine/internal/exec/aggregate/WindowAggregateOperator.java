package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.internal.exec.state.KeyValueStore;
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

import java.util.List;
import java.util.function.ToLongFunction;
import java.util.TreeMap;

/**
 * GROUP BY with a WINDOW (docs/sql.md#windows-and-time). Each record's time (its event time, or the window's time column)
 * places it in its window(s); the watermark advances with the records; a window closes when the
 * watermark passes its end plus its grace period, and its state is freed then. EMIT FINAL (the
 * default with a window) emits one row per group when its window closes; EMIT CHANGES emits the
 * updated row of the record's window per input. At the end of bounded input every window
 * closes. A record whose window has closed is late and handled by the late-data strategy.
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
                lastTable = open.computeIfAbsent(start, s -> aggregation.newTable());
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
                }
            }
            while (!closed.isEmpty() && WindowAssigner.closes(assigner.end(closed.firstKey()),
                    assigner.grace() + settings.lateRetention(), watermark)) {
                closed.pollFirstEntry();
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
    }

    /** SESSION windows: per group, sessions that merge when a record bridges them. */
    private final class Sessions implements Windows {
        private final KeyValueStore<Object, SessionWindows<Group>> byKey = new InMemoryKeyValueStore<>();
        private final SessionWindows.Merger<Group> merger = (into, from) -> {
            into.absorb(from);
            return into;
        };

        @Override
        public void add(StreamRecord r, long t, long watermark, List<StreamRecord> out) {
            Object[] keyValues = aggregation.keyValues(r);
            Object key = GroupTable.storeKey(keyValues);
            SessionWindows<Group> sessions = byKey.get(key);
            if (sessions == null) {
                sessions = new SessionWindows<>(settings.assigner().size());
                byKey.put(key, sessions);
            }
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
            byKey.changed(key, sessions);
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
            byKey.forEach((k, sessions) -> sessions.closeUpTo(watermark, grace, s -> {
                if (!settings.emitChanges()) {
                    out.add(result(s.state(), s.start(), s.end()));
                }
            }));
        }

        @Override
        public int size() {
            int[] n = {0};
            byKey.forEach((k, s) -> n[0] += s.size());
            return n[0];
        }

        @Override
        public long groups() {
            return size(); // a session holds one group's state
        }
    }

    @Override
    public String stateKind() {
        return "windows";
    }
}
