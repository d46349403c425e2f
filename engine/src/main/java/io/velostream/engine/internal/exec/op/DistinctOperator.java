package io.velostream.engine.internal.exec.op;

import io.velostream.engine.record.CompositeKey;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.record.StreamRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SELECT DISTINCT with bounded state (docs/sql.md#select): remembers up to {@code maxEntries} output rows and
 * forgets the oldest first, so memory stays bounded on an unbounded stream.
 */
public final class DistinctOperator implements Operator, StatefulOperator {
    private final Map<CompositeKey, Boolean> seen;

    public DistinctOperator(int maxEntries) {
        this.seen = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CompositeKey, Boolean> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            if (seen.putIfAbsent(visibleValues(r), Boolean.TRUE) == null) {
                out.add(r);
            }
        }
    }

    /** The visible values of a record, compared by value ({@code Decimal} 1.50 equals 1.5). */
    private static CompositeKey visibleValues(StreamRecord r) {
        Object[] values = new Object[r.schema().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.value(i);
        }
        return CompositeKey.of(values);
    }

    @Override
    public long stateSize() {
        return seen.size();
    }
    @Override
    public String stateKind() {
        return "DISTINCT";
    }
}
