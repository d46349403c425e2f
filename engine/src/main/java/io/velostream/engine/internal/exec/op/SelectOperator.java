package io.velostream.engine.internal.exec.op;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Predicates;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * WHERE and the select list in one pass: filter, compute the items in order (a later item reads
 * an earlier one's value), then set the key (PRIMARY KEY), event time ({@code AS _event_time})
 * and headers. {@code SELECT *} without changes forwards the input record itself.
 *
 * <p>A value error in one record (a failed CAST, an overflow) goes to the job's failure strategy
 * with the record's source position; the batch goes on.
 */
public final class SelectOperator implements Operator {
    /** In {@link Layout#columns}, a run of all input columns ({@code *} over a schema learnt while reading). */
    public static final int STAR = -1;

    /**
     * How the output is laid out.
     *
     * @param items        evaluated in order into a scratch array (aliases read earlier slots)
     * @param columns      per output column, the scratch index it takes, or {@link #STAR}; null when
     *                     the output is the scratch array itself (then hidden is empty)
     * @param names        output column names (without STAR runs)
     * @param types        output column types
     * @param hidden       scratch indexes appended after the visible columns (sort keys not selected)
     * @param keySlots     scratch indexes of the PRIMARY KEY items, in select order; empty for no key
     *                     (with renameOnly, the input's slots)
     * @param inheritKey   without PRIMARY KEY, keep the input's key (a group result keyed by its
     *                     GROUP BY values, docs/sql.md#output-key) instead of none
     * @param eventTimeSlot scratch index of the {@code _event_time} item, or -1
     * @param renameOnly   item i is the input's column i, for every column: the output shares the
     *                     input's values under the output names (a group result's select list)
     */
    public record Layout(Evaluator[] items, int[] columns, List<String> names, List<SqlType> types, int[] hidden,
                         int[] keySlots, boolean inheritKey, int eventTimeSlot, boolean renameOnly) {
    }

    private final Evaluator where;
    private final Layout layout;
    private final boolean passThrough;
    private final Schema inputSchema;
    private final RecordErrorHandler errors;
    private final Row row = new Row();
    private Schema outSchema;
    private int inputSizeSeen = -1;

    /**
     * @param passThrough the output is the input record unchanged ({@code SELECT *} or the input's columns in
     *                    order, no key, no headers)
     * @param inputSchema the input's schema; when it is open and the layout has a STAR run, the
     *                    output schema follows it as it grows
     */
    public SelectOperator(Evaluator where, Layout layout, boolean passThrough, Schema inputSchema,
                          RecordErrorHandler errors) {
        this.where = where;
        this.layout = layout;
        this.passThrough = passThrough;
        this.inputSchema = inputSchema;
        this.errors = errors;
        if (!hasStar()) {
            outSchema = Schema.of(layout.names(), layout.types());
        }
    }

    /** The output schema (for a STAR over a growing input, as of now). */
    public Schema outputSchema() {
        refreshSchema();
        return outSchema;
    }

    /** True when every output record is an input record (or it with no key): nothing of its value is changed. */
    public boolean passesRecords() {
        return passThrough;
    }

    /** Division by zero and similar events counted so far (docs/sql.md#types-literals-and-arithmetic). */
    public long warnings() {
        return row.warnings;
    }

    private boolean hasStar() {
        if (layout.columns() != null) {
            for (int c : layout.columns()) {
                if (c == STAR) {
                    return true;
                }
            }
        }
        return false;
    }

    private void refreshSchema() {
        if (outSchema != null && inputSizeSeen == inputSchema.size()) {
            return;
        }
        if (outSchema == null || hasStar()) {
            inputSizeSeen = inputSchema.size();
            List<String> names = new ArrayList<>();
            List<SqlType> types = new ArrayList<>();
            int named = 0;
            for (int c : layout.columns()) {
                if (c == STAR) {
                    for (int i = 0; i < inputSizeSeen; i++) {
                        names.add(inputSchema.name(i));
                        types.add(inputSchema.type(i));
                    }
                } else {
                    names.add(layout.names().get(named));
                    types.add(layout.types().get(named++));
                }
            }
            outSchema = Schema.of(names, types);
        }
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int r = 0, n = in.size(); r < n; r++) {
            StreamRecord record = in.get(r);
            try {
                StreamRecord result = apply(record);
                if (result != null) {
                    out.add(result);
                }
            } catch (ValueException e) {
                errors.onError(RecordError.eval(record, e));
            }
        }
    }

    private StreamRecord apply(StreamRecord record) {
        Evaluator[] items = layout.items();
        Object[] scratch = passThrough || layout.renameOnly() ? null : new Object[items.length];
        row.reset(record, scratch);
        if (where != null && !Predicates.isTrue(where.eval(row))) {
            return null;
        }
        if (passThrough) {
            // Without PRIMARY KEY the output key is null (docs/sql.md#output-key); a keyless input passes as itself.
            return record.key() == null || layout.inheritKey() ? record : record.withKey(null);
        }
        if (layout.renameOnly()) {
            return record.renamed(outSchema, key(record, null));
        }
        for (int i = 0; i < items.length; i++) {
            scratch[i] = items[i].eval(row);
        }
        refreshSchema();
        Object[] values = layout.columns() == null ? scratch : assemble(record, scratch);
        long eventTime = record.eventTime();
        if (layout.eventTimeSlot() >= 0) {
            Object t = scratch[layout.eventTimeSlot()];
            if (t == null) {
                throw new ValueException("_event_time is NULL");
            }
            eventTime = Coercions.toLong(Coercions.toTimestamp(t));
        }
        return new StreamRecord(outSchema, values, key(record, scratch), record.timestamp(), eventTime, record.topic(),
                record.partition(), record.offset(), row.headers);
    }

    private Object[] assemble(StreamRecord record, Object[] scratch) {
        int[] columns = layout.columns();
        int[] hidden = layout.hidden();
        Object[] values = new Object[outSchema.size() + hidden.length];
        int p = 0;
        for (int c : columns) {
            if (c == STAR) {
                for (int i = 0; i < inputSizeSeen; i++) {
                    values[p++] = record.value(i);
                }
            } else {
                values[p++] = scratch[c];
            }
        }
        for (int h : hidden) {
            values[p++] = scratch[h];
        }
        return values;
    }

    private Object key(StreamRecord record, Object[] scratch) {
        int[] slots = layout.keySlots();
        if (slots.length == 0) {
            return layout.inheritKey() ? record.key() : null;
        }
        if (slots.length == 1) {
            return Values.toKeyString(keyValue(record, scratch, slots[0]));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < slots.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(Values.toKeyString(keyValue(record, scratch, slots[i])));
        }
        return sb.toString();
    }

    /** A key item's value: from the scratch array, or the input itself when nothing was computed. */
    private static Object keyValue(StreamRecord record, Object[] scratch, int slot) {
        return scratch == null ? record.value(slot) : scratch[slot];
    }
}
