package io.velostream.engine.exec.op;

import io.velostream.engine.exec.state.StatefulOperator;
import io.velostream.engine.record.StreamRecord;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SELECT DISTINCT with bounded state (§2): remembers up to {@code maxEntries} output rows and
 * forgets the oldest first, so memory stays bounded on an unbounded stream.
 */
public final class DistinctOperator implements Operator, StatefulOperator {
    private final Map<RowKey, Boolean> seen;

    public DistinctOperator(int maxEntries) {
        this.seen = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RowKey, Boolean> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            if (seen.putIfAbsent(new RowKey(r), Boolean.TRUE) == null) {
                out.add(r);
            }
        }
    }

    @Override
    public long stateSize() {
        return seen.size();
    }

    /** The visible values of a record, compared by value ({@code Decimal} 1.50 equals 1.5). */
    private static final class RowKey {
        private final Object[] values;
        private final int hash;

        RowKey(StreamRecord r) {
            int n = r.schema().size();
            values = new Object[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.value(i);
            }
            hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Override
    public String stateKind() {
        return "DISTINCT";
    }
}
