package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;

import java.util.List;

/**
 * Stream–table join (docs/joins.md): each stream record looks up the table's current row by the key string
 * (docs/sql.md#output-key) of its join-key values — a hash lookup, never a scan; a single INTEGER key looks up the
 * table's integer index instead, which finds the same row without building the string. A NULL key part matches nothing
 * (SQL equality). INNER drops misses; LEFT keeps them with NULL table columns. Table updates do
 * not emit: the table is only read here.
 *
 * <p>An output record has the stream record's first {@code streamWidth} values, then the table
 * row's values, and keeps everything else of the stream record: key, timestamps, source position
 * and headers (docs/sql.md#system-columns-and-headers: joins keep the left side's).
 */
public final class StreamTableJoinOperator implements Operator {
    private final Evaluator[] streamKey;
    private final TableStore table;
    private final boolean leftOuter;
    private final Schema joinedSchema;
    private final int streamWidth;
    private final int tableWidth;
    private final RecordErrorHandler errors;
    private final Row row = new Row();
    private final Object[] keyParts;
    private final KeyStrings keys = new KeyStrings();

    public StreamTableJoinOperator(Evaluator[] streamKey, TableStore table, boolean leftOuter, Schema joinedSchema,
                                   int streamWidth, RecordErrorHandler errors) {
        if (streamKey.length == 0) {
            throw new IllegalArgumentException("a stream-table join needs at least one key expression");
        }
        this.streamKey = streamKey.clone();
        this.table = table;
        this.leftOuter = leftOuter;
        this.joinedSchema = joinedSchema;
        this.streamWidth = streamWidth;
        this.tableWidth = table.schema().size();
        this.errors = errors;
        this.keyParts = new Object[streamKey.length];
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            StreamRecord match;
            try {
                match = lookup(r);
            } catch (ValueException e) {
                errors.onError(RecordError.eval(r, e));
                continue;
            }
            if (match != null || leftOuter) {
                out.add(joined(r, match));
            }
        }
    }

    /** The table row matching {@code r}, or null on a miss or a NULL key part. */
    private StreamRecord lookup(StreamRecord r) {
        row.reset(r, null);
        for (int k = 0; k < streamKey.length; k++) {
            Object v = streamKey[k].eval(row);
            if (v == null) {
                return null;
            }
            keyParts[k] = v;
        }
        if (keyParts.length == 1 && keyParts[0] instanceof Long l) {
            return table.get(l.longValue());
        }
        return table.get(keys.of(keyParts));
    }

    private StreamRecord joined(StreamRecord r, StreamRecord match) {
        Object[] values = new Object[streamWidth + tableWidth];
        for (int s = 0; s < streamWidth; s++) {
            values[s] = r.value(s);
        }
        if (match != null) {
            for (int t = 0; t < tableWidth; t++) {
                values[streamWidth + t] = match.value(t);
            }
        }
        return r.withValues(joinedSchema, values);
    }
}
