package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.QueryableState;
import io.velostream.engine.io.TaskOwners;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Reads of a job's keyed state from outside it, by key or key range, as of the last commit: interactive queries
 * (docs/scaling.md#interactive-queries). The stores belong to the job's thread, so a read is handed to it and
 * answered between two batches ({@link #answer}, a check of an empty queue per batch otherwise); a read sees only
 * committed state (the stores keep the state of the open commit interval's changes to undo them).
 *
 * <p>One per copy of a job (a processing thread). Thread-safe.
 */
public final class StateQueries {
    private final Map<String, Store> stores = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();

    /**
     * A queryable store of the job.
     *
     * @param index      the position of its operator in a task's flattened chain: the operators after it make its result rows
     * @param recordKeyPart the part of a key that is its records' record key, or -1: the whole key string
     * @param partitioner the partition of a record key, as the source's producers place it
     * @param partitions how many tasks the job has (1: it does not run as tasks)
     * @param tasks      a task's flattened operators by partition, null when this copy runs no such task
     * @param owners     who owns each partition, when the instances exchange it; else null
     */
    record Store(int index, List<SqlType> keyTypes, int recordKeyPart, ToIntFunction<String> partitioner, int partitions,
                 IntFunction<Operator[]> tasks, TaskOwners owners) {
    }

    void add(String name, Store store) {
        stores.put(name, store);
    }

    /** The names of the job's queryable stores. */
    public Set<String> stores() {
        return stores.keySet();
    }

    /** Whether the copy runs as tasks (else one chain holds every key). */
    public boolean partitioned(String store) {
        return store(store).partitions() > 1;
    }

    /** Who owns each partition, or null when the instances do not exchange it. */
    public TaskOwners owners(String store) {
        return store(store).owners();
    }

    /**
     * The key's values parsed for the store's key types: a key of several GROUP BY values is written as the output
     * key rule writes it, the values joined by {@code |} (docs/sql.md#output-key).
     *
     * @throws IllegalArgumentException saying why it does not parse
     */
    public Object[] parseKey(String store, String key) {
        List<SqlType> types = store(store).keyTypes();
        String[] parts = types.size() == 1 ? new String[] {key} : key.split("\\|", -1);
        if (parts.length != types.size()) {
            throw new IllegalArgumentException("store '" + store + "' has keys of " + types.size() + " values "
                    + types + " joined by '|', but '" + key + "' has " + parts.length);
        }
        Object[] values = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parse(parts[i], types.get(i));
        }
        return values;
    }

    private static Object parse(String part, SqlType type) {
        if (part.equals("NULL")) {
            return null;
        }
        if (type == SqlType.ANY) { // a schemaless source: a number if it reads as one, as JSON would have it
            try {
                return Long.parseLong(part);
            } catch (NumberFormatException e) {
                return part;
            }
        }
        try {
            return Coercions.cast(part, type, -1);
        } catch (ValueException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + part + "' is not a " + type + ": " + e.getMessage());
        }
    }

    /**
     * The task (input partition) a key belongs to: where Kafka's default partitioner puts its records — by the
     * {@code _key} part of a GROUP BY {@code _key, …}, else by the key string, the key of a repartition topic's or a
     * {@code keyed_by_group} source's records (docs/scaling.md#tasks).
     */
    public int partitionOf(String store, Object[] key) {
        Store s = store(store);
        if (s.partitions() == 1) {
            return 0;
        }
        String recordKey = s.recordKeyPart() < 0 ? Values.toKeyString(key) : Values.toKeyString(key[s.recordKeyPart()]);
        return s.partitioner().applyAsInt(recordKey);
    }

    /** Whether this copy runs the task of {@code partition} now (its restore done). */
    public boolean owns(String store, int partition) {
        return store(store).tasks().apply(partition) != null;
    }

    /** The key's result row at the last commit (column → value), or null; answered on the job's thread. */
    public CompletableFuture<Map<String, Object>> get(String store, Object[] key, int partition) {
        return ask(store, partition, (state, rows) -> {
            StreamRecord r = state.committed(key);
            if (r != null) {
                rows.accept(r);
            }
        }).thenApply(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /**
     * The result rows of the keys from {@code from} to {@code to} (null: open) at the last commit, of the tasks of
     * this copy, each task's in key order; answered on the job's thread.
     *
     * @throws UnsupportedOperationException when the store does not order its keys (in memory)
     */
    public CompletableFuture<List<Map<String, Object>>> range(String store, Object[] from, Object[] to) {
        Store s = store(store);
        List<CompletableFuture<List<Map<String, Object>>>> parts = new ArrayList<>();
        for (int p = 0; p < s.partitions(); p++) {
            if (s.tasks().apply(p) != null) {
                parts.add(ask(store, p, (state, rows) -> {
                    if (!state.ordered()) {
                        throw new UnsupportedOperationException("store '" + store + "' is in memory and does not order"
                                + " its keys: a range needs state.store=rocksdb (docs/scaling.md#stores)");
                    }
                    state.committedRange(from, to, rows);
                }));
            }
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<Map<String, Object>> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(p.join()));
            return all;
        });
    }

    private interface Read {
        void read(QueryableState state, Consumer<StreamRecord> rows);
    }

    /** Runs {@code read} on the job's thread against the task of {@code partition}, its rows through the operators after the store's. */
    private CompletableFuture<List<Map<String, Object>>> ask(String store, int partition, Read read) {
        Store s = store(store);
        CompletableFuture<List<Map<String, Object>>> answer = new CompletableFuture<>();
        pending.add(() -> {
            Operator[] ops = s.tasks().apply(partition);
            if (ops == null) {
                answer.completeExceptionally(new IllegalStateException("the task of partition " + partition
                        + " is no longer on this instance"));
                return;
            }
            try {
                List<StreamRecord> rows = new ArrayList<>();
                read.read((QueryableState) ops[s.index()], rows::add);
                for (int i = s.index() + 1; i < ops.length && !rows.isEmpty(); i++) {
                    List<StreamRecord> next = new ArrayList<>();
                    ops[i].process(rows, next);
                    rows = next;
                }
                answer.complete(rows.stream().map(StateQueries::columns).toList());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private static Map<String, Object> columns(StreamRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < r.width(); i++) {
            Object v = r.value(i);
            row.put(r.schema().name(i), v == null || v instanceof Long || v instanceof Double || v instanceof Boolean
                    || v instanceof String ? v : Values.toDisplayString(v)); // a DECIMAL exactly, as text
        }
        return row;
    }

    /** Answers the reads asked since the last call; on the job's thread, between batches. */
    void answer() {
        for (Runnable r; (r = pending.poll()) != null; ) {
            r.run();
        }
    }

    private Store store(String name) {
        Store s = stores.get(name);
        if (s == null) {
            throw new IllegalArgumentException("job has no queryable store '" + name + "' (it has " + stores.keySet() + ")");
        }
        return s;
    }
}
