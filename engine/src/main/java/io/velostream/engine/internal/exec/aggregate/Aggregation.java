package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.function.aggregate.Accumulator;
import io.velostream.engine.function.aggregate.BoundAggregate;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

/**
 * What an aggregation computes per input: its GROUP BY values and each aggregate call's
 * arguments, compiled once; the group record's schema is the GROUP BY values, then the
 * aggregate results, then (windowed) {@code _window_start}, {@code _window_end}.
 *
 * <p>Every argument of a record is evaluated before any accumulator changes, so a record whose
 * argument fails (a record error) leaves its group untouched.
 */
public final class Aggregation {
    /** One aggregate call: the bound function and its per-row argument expressions. */
    public record Call(BoundAggregate function, Evaluator[] args) {
    }

    private final Evaluator[] keys;
    private final Call[] calls;
    private final BoundAggregate[] functions;
    private final Schema groupSchema;
    private final Row row = new Row();
    private final Object[][] argValues;
    private final int recordKeyPart;

    /**
     * @param recordKeyPart which GROUP BY value is the FROM's record key ({@code _key}), or -1: where a key's records
     *                      are, for interactive queries (docs/scaling.md#interactive-queries)
     */
    public Aggregation(Evaluator[] keys, Call[] calls, Schema groupSchema, int recordKeyPart) {
        this.keys = keys;
        this.recordKeyPart = recordKeyPart;
        this.calls = calls;
        this.groupSchema = groupSchema;
        this.functions = new BoundAggregate[calls.length];
        this.argValues = new Object[calls.length][];
        for (int i = 0; i < calls.length; i++) {
            functions[i] = calls[i].function();
            argValues[i] = new Object[calls[i].args().length];
        }
    }

    /** How many GROUP BY values a group has. */
    int keyCount() {
        return keys.length;
    }

    int recordKeyPart() {
        return recordKeyPart;
    }

    public Schema groupSchema() {
        return groupSchema;
    }

    GroupTable newTable() {
        return new GroupTable(keys.length, this);
    }

    /** A table whose groups live in a store made by {@code stores} (backed by a changelog). */
    GroupTable newTable(StoreProvider stores, String name) {
        GroupCodec codec = new GroupCodec(this, false);
        return new GroupTable(keys.length, this, stores.open(name, codec), codec);
    }

    GroupTable newTable(KeyValueStore<Object, Group> store) {
        return new GroupTable(keys.length, this, store);
    }

    /** Evaluates the record's arguments, then its group; the returned group has not been updated yet. */
    Group groupOf(GroupTable table, StreamRecord r) {
        row.reset(r, null);
        for (int i = 0; i < calls.length; i++) {
            Evaluator[] args = calls[i].args();
            for (int a = 0; a < args.length; a++) {
                argValues[i][a] = args[a].eval(row);
            }
        }
        if (keys.length == 0) {
            return table.global();
        }
        if (keys.length == 1) {
            return table.single(keys[0].eval(row));
        }
        Object[] probe = table.probeValues();
        for (int k = 0; k < keys.length; k++) {
            probe[k] = keys[k].eval(row);
        }
        return table.probed();
    }

    /**
     * Evaluates the record's arguments, then returns its GROUP BY values in a new array: for
     * state keyed outside a {@link GroupTable} (sessions).
     */
    Object[] keyValues(StreamRecord r) {
        row.reset(r, null);
        for (int i = 0; i < calls.length; i++) {
            Evaluator[] args = calls[i].args();
            for (int a = 0; a < args.length; a++) {
                argValues[i][a] = args[a].eval(row);
            }
        }
        Object[] values = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
            values[k] = keys[k].eval(row);
        }
        return values;
    }

    Group newGroup(Object[] keyValues) {
        Accumulator[] accs = new Accumulator[functions.length];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = functions[i].newAccumulator();
        }
        return new Group(keyValues, accs);
    }

    /** Adds the arguments evaluated by the last {@link #groupOf} or {@link #keyValues} to {@code g}. */
    void accumulate(Group g, StreamRecord r, long eventTime) {
        Accumulator[] accs = g.accumulators;
        for (int i = 0; i < accs.length; i++) {
            Object[] v = argValues[i];
            switch (v.length) {
                case 0 -> accs[i].add(Accumulator.ROW);
                case 1 -> accs[i].add(v[0]);
                default -> accs[i].add2(v[0], v[1]);
            }
        }
        g.sawInput(r, eventTime);
    }
}
