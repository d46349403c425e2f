package io.velostream.engine.internal.exec.op;

import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ORDER BY (docs/sql.md#select): on bounded input sorts the whole result and emits it at the end; on unbounded
 * input sorts each batch. Sort keys are value slots of the records; slots past the schema are
 * hidden keys (ORDER BY a column that is not selected), dropped before the rows go on.
 */
public final class SortOperator implements Operator {
    /**
     * One key: its slot, direction, and where NULLs go. A hidden key's slot counts from the end
     * of the record's schema (which may grow, for a {@code *} over JSON).
     */
    public record Key(int slot, boolean hidden, boolean descending, boolean nullsFirst) {
        Object of(StreamRecord r) {
            return r.value(hidden ? r.schema().size() + slot : slot);
        }
    }

    private final Comparator<StreamRecord> comparator;
    private final boolean bounded;
    private final boolean trims;
    private final List<StreamRecord> held = new ArrayList<>();

    public SortOperator(List<Key> keys, boolean bounded, boolean hasHiddenKeys) {
        Comparator<StreamRecord> c = null;
        for (Key k : keys) {
            Comparator<StreamRecord> one = (a, b) -> compare(k.of(a), k.of(b), k);
            c = c == null ? one : c.thenComparing(one);
        }
        this.comparator = c;
        this.bounded = bounded;
        this.trims = hasHiddenKeys;
    }

    private static int compare(Object a, Object b, Key k) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == k.nullsFirst() ? -1 : 1;
        }
        int c = Values.compare(a, b);
        return k.descending() ? -c : c;
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        if (bounded) {
            held.addAll(in);
            return;
        }
        List<StreamRecord> batch = new ArrayList<>(in);
        emitSorted(batch, out);
    }

    @Override
    public void finish(List<StreamRecord> out) {
        emitSorted(held, out);
        held.clear();
    }

    @Override
    public long stateSize() {
        return held.size();
    }

    private void emitSorted(List<StreamRecord> rows, List<StreamRecord> out) {
        // List.sort is stable: equal keys keep their input order.
        rows.sort(comparator);
        for (StreamRecord r : rows) {
            out.add(trims ? trim(r) : r);
        }
    }

    private static StreamRecord trim(StreamRecord r) {
        Object[] values = new Object[r.schema().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.value(i);
        }
        return r.withValues(r.schema(), values);
    }
}
