package io.velostream.engine.internal.exec.analytic;

import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.record.CompositeKey;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analytic functions over row windows (docs/row-windows.md): one output per input record,
 * emitted at once. The output carries the input's values followed by one value per
 * {@link AnalyticCall}, in the order the calls were added: call j is at slot
 * {@code input schema size + j} (the planner's projection reads it from there).
 *
 * <p>State is bounded: each partition keeps at most the window's buffer of rows per distinct
 * window, and at most {@code maxPartitions} partitions are kept, the least recently used
 * forgotten first (a forgotten partition starts again empty).
 *
 * <p>With {@link #useStore} the partitions live in the store {@code rows} (docs/kafka.md#state),
 * each with its buffers, accumulators and when it was last used, which orders the map here (its
 * index) after a restore or rollback.
 */
public final class AnalyticOperator implements Operator, StatefulOperator {
    /** Rows kept per partition for the standard OVER form, which has no BUFFER clause. */
    public static final int DEFAULT_BUFFER_ROWS = 1000;
    public static final int DEFAULT_MAX_PARTITIONS = 100_000;

    private final Evaluator[] partitionBy;
    private final WindowGroup[] groups;
    private final String[] names;
    private final SqlType[] types;
    /** With no PARTITION BY: the one partition, created on the first row. */
    private Partition single;
    private final Map<CompositeKey, Partition> partitions;
    /** The partitions, when in a store (else the map is all there is). */
    private KeyValueStore<CompositeKey, Partition> store;
    /** Counts the rows processed: a partition's last use, which orders the partitions after a restore. */
    private long clock;
    private final CompositeKey probe;
    private final Object[][] pending;
    private final Row row = new Row();
    private Schema lastInput;
    private int lastInputSize;
    private Schema outSchema;

    private AnalyticOperator(Builder b) {
        if (b.calls.isEmpty()) {
            throw new IllegalArgumentException("an analytic operator needs at least one call");
        }
        partitionBy = b.partitionBy.clone();
        int n = b.calls.size();
        names = new String[n];
        types = new SqlType[n];
        Map<Window, List<Integer>> byWindow = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            AnalyticCall call = b.calls.get(i);
            names[i] = call.outputName();
            types[i] = call.function().returnType();
            byWindow.computeIfAbsent(call.window(), w -> new ArrayList<>()).add(i);
        }
        groups = new WindowGroup[byWindow.size()];
        int g = 0;
        for (Map.Entry<Window, List<Integer>> e : byWindow.entrySet()) {
            Long rows = e.getKey().bufferRows();
            int capacity = rows == null ? b.defaultBufferRows : (int) Math.min(rows, Integer.MAX_VALUE);
            List<AnalyticCall> calls = e.getValue().stream().map(b.calls::get).toList();
            int[] outIndex = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            groups[g++] = new WindowGroup(e.getKey(), capacity, calls, outIndex);
        }
        pending = new Object[groups.length][];
        probe = new CompositeKey(partitionBy.length);
        int maxPartitions = b.maxPartitions;
        partitions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CompositeKey, Partition> eldest) {
                if (size() <= maxPartitions) {
                    return false;
                }
                if (store != null) {
                    store.remove(eldest.getKey());
                }
                return true;
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of partitions currently held (for tests and metrics). */
    public int partitionCount() {
        return partitionBy.length == 0 ? (single == null ? 0 : 1) : partitions.size();
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int r = 0, size = in.size(); r < size; r++) {
            StreamRecord record = in.get(r);
            row.reset(record, null);
            // evaluate everything first, so a failing expression changes no state
            for (int k = 0; k < partitionBy.length; k++) {
                probe.values()[k] = partitionBy[k].eval(row);
            }
            for (int g = 0; g < groups.length; g++) {
                pending[g] = groups[g].evaluate(row);
            }
            Partition partition = partition();
            if (store != null) {
                store.changed(partition.key, partition);
            }
            partition.lastUsed = clock++;
            WindowGroup.Buffer[] buffers = partition.buffers;
            int width = record.schema().size();
            Object[] values = new Object[width + names.length];
            for (int i = 0; i < width; i++) {
                values[i] = record.value(i);
            }
            for (int g = 0; g < groups.length; g++) {
                groups[g].process(buffers[g], pending[g], values, width);
            }
            out.add(record.withValues(outSchema(record.schema()), values));
        }
    }

    private Partition partition() {
        if (partitionBy.length == 0) {
            if (single == null) {
                single = newPartition(CompositeKey.of(new Object[0]));
            }
            return single;
        }
        probe.rehash();
        Partition p = partitions.get(probe);
        if (p == null) {
            p = newPartition(probe.copy());
            partitions.put(p.key, p);
        }
        return p;
    }

    private Partition newPartition(CompositeKey key) {
        WindowGroup.Buffer[] buffers = new WindowGroup.Buffer[groups.length];
        for (int g = 0; g < groups.length; g++) {
            buffers[g] = groups[g].newBuffer();
        }
        Partition p = new Partition(key, buffers);
        if (store != null) {
            store.put(key, p);
        }
        return p;
    }

    /** One PARTITION BY key's buffers, one per window group. */
    private static final class Partition {
        final CompositeKey key;
        final WindowGroup.Buffer[] buffers;
        long lastUsed;

        Partition(CompositeKey key, WindowGroup.Buffer[] buffers) {
            this.key = key;
            this.buffers = buffers;
        }
    }

    /** The input fields plus one per call; rebuilt only when the input schema changes or grows. */
    private Schema outSchema(Schema input) {
        if (input != lastInput || input.size() != lastInputSize) {
            List<String> fieldNames = new ArrayList<>(input.names());
            List<SqlType> fieldTypes = new ArrayList<>();
            for (int i = 0; i < input.size(); i++) {
                fieldTypes.add(input.type(i));
            }
            fieldNames.addAll(Arrays.asList(names));
            fieldTypes.addAll(Arrays.asList(types));
            outSchema = Schema.of(fieldNames, fieldTypes);
            lastInput = input;
            lastInputSize = input.size();
        }
        return outSchema;
    }

    /** Builds an operator: the PARTITION BY keys, the calls, and the bounds of its state. */
    public static final class Builder {
        private Evaluator[] partitionBy = new Evaluator[0];
        private final List<AnalyticCall> calls = new ArrayList<>();
        private int defaultBufferRows = DEFAULT_BUFFER_ROWS;
        private int maxPartitions = DEFAULT_MAX_PARTITIONS;

        private Builder() {
        }

        /** The PARTITION BY keys shared by all calls; none means one partition. */
        public Builder partitionBy(Evaluator... keys) {
            partitionBy = keys.clone();
            return this;
        }

        public Builder call(AnalyticCall call) {
            calls.add(call);
            return this;
        }

        /** Rows kept per partition for windows without a BUFFER clause. */
        public Builder defaultBufferRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("the default buffer needs at least 1 row, got " + rows);
            }
            defaultBufferRows = rows;
            return this;
        }

        /** Partitions kept at most; the least recently used is forgotten beyond it. */
        public Builder maxPartitions(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least 1 partition must be kept, got " + max);
            }
            maxPartitions = max;
            return this;
        }

        public AnalyticOperator build() {
            return new AnalyticOperator(this);
        }
    }

    @Override
    public String stateKind() {
        return "row windows (OVER)";
    }

    @Override
    public List<String> storeNames() {
        return List.of("rows");
    }

    @Override
    public void useStore(StoreProvider stores) {
        store = stores.open("rows", new PartitionCodec());
        index();
        store.onRollback(this::index);
    }

    /** Rebuilds the partitions map from the store, least recently used first. */
    private void index() {
        List<Partition> all = new ArrayList<>(store.size());
        store.forEach((k, p) -> all.add(p));
        all.sort(Comparator.comparingLong(p -> p.lastUsed));
        partitions.clear();
        single = null;
        for (Partition p : all) {
            if (partitionBy.length == 0) {
                single = p;
            } else {
                partitions.put(p.key, p);
            }
        }
        clock = all.isEmpty() ? 0 : all.get(all.size() - 1).lastUsed + 1;
    }

    /**
     * A partition in a changelog: the key is its PARTITION BY values, the value when it was last
     * used and each window group's buffer ({@link WindowGroup#write}). Rolling back reads the
     * buffers back into the same partition object.
     */
    private final class PartitionCodec implements StoreCodec<CompositeKey, Partition> {
        private final StoreBytes bytes = new StoreBytes();

        @Override
        public CompositeKey keyOf(Partition p) {
            return p.key;
        }

        @Override
        public byte[] key(CompositeKey key) {
            return bytes.bytes(out -> StoreBytes.writeValues(out, key.values()));
        }

        @Override
        public byte[] value(Partition p) {
            return bytes.bytes(out -> {
                out.writeLong(p.lastUsed);
                for (int g = 0; g < groups.length; g++) {
                    groups[g].write(p.buffers[g], out);
                }
            });
        }

        @Override
        public void restore(Partition p, byte[] state) {
            StoreBytes.read(state, in -> {
                p.lastUsed = in.readLong();
                for (int g = 0; g < groups.length; g++) {
                    p.buffers[g] = groups[g].read(in);
                }
                return p;
            });
        }

        @Override
        public Partition decode(byte[] key, byte[] state) {
            Partition p = new Partition(CompositeKey.of(StoreBytes.read(key, StoreBytes::readValues)),
                    new WindowGroup.Buffer[groups.length]);
            restore(p, state);
            return p;
        }
    }
}
