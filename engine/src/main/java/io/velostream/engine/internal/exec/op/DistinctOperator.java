package io.velostream.engine.internal.exec.op;

import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.record.CompositeKey;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SELECT DISTINCT with bounded state (docs/sql.md#select): remembers up to {@code maxEntries} output rows and
 * forgets the oldest first, so memory stays bounded on an unbounded stream. With {@link #useStore}
 * the rows seen live in the store {@code distinct} (docs/kafka.md#state); the map here is its index
 * in age order, which picks the row to forget.
 */
public final class DistinctOperator implements Operator, StatefulOperator {
    private final Map<CompositeKey, Boolean> seen;
    /** The rows seen, when in a store (else the map is all there is). */
    private KeyValueStore<CompositeKey, Seen> store;
    /** The age of the next row seen, in a store: a rollback puts rows it brings back last, so age orders the index. */
    private long nextAge;

    public DistinctOperator(int maxEntries) {
        this.seen = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CompositeKey, Boolean> eldest) {
                if (size() <= maxEntries) {
                    return false;
                }
                if (store != null) {
                    store.remove(eldest.getKey());
                }
                return true;
            }
        };
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            CompositeKey row = visibleValues(r);
            if (seen.putIfAbsent(row, Boolean.TRUE) == null) {
                if (store != null) {
                    store.put(row, new Seen(row, nextAge++));
                }
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

    @Override
    public List<String> storeNames() {
        return List.of("distinct");
    }

    @Override
    public void useStore(StoreProvider stores) {
        store = stores.open("distinct", new RowCodec());
        index();
        store.onRollback(this::index);
    }

    /** The rows of the store, oldest first. */
    private void index() {
        List<Seen> rows = new ArrayList<>(store.size());
        store.forEach((k, s) -> rows.add(s));
        rows.sort(Comparator.comparingLong(Seen::age));
        seen.clear();
        rows.forEach(s -> seen.put(s.row(), Boolean.TRUE));
        nextAge = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).age() + 1;
    }

    /** A row in the store, with the order it was first seen in. */
    private record Seen(CompositeKey row, long age) {
    }

    /** A row seen, in a changelog: the key is its values, the value its age (a tombstone forgets it). */
    private static final class RowCodec implements StoreCodec<CompositeKey, Seen> {
        private final StoreBytes bytes = new StoreBytes();

        @Override
        public CompositeKey keyOf(Seen s) {
            return s.row();
        }

        @Override
        public byte[] key(CompositeKey row) {
            return bytes.bytes(out -> StoreBytes.writeValues(out, row.values()));
        }

        @Override
        public byte[] value(Seen s) {
            return bytes.bytes(out -> out.writeLong(s.age()));
        }

        @Override
        public void restore(Seen s, byte[] state) {
            // A row seen never changes.
        }

        @Override
        public Seen decode(byte[] key, byte[] state) {
            return new Seen(CompositeKey.of(StoreBytes.read(key, StoreBytes::readValues)),
                    StoreBytes.read(state, in -> in.readLong()));
        }
    }
}
