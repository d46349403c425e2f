package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.QueryableState;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;

import java.util.List;
import java.util.function.Consumer;

/**
 * GROUP BY without a window (docs/sql.md#aggregation, docs/sql.md#windows-and-time). EMIT CHANGES emits the group's updated result after every
 * input, in input order; EMIT FINAL emits every group once, when bounded input ends.
 */
public final class AggregateOperator implements Operator, StatefulOperator, QueryableState {
    private final Aggregation aggregation;
    private final boolean emitChanges;
    private final RecordErrorHandler errors;
    private GroupTable groups;

    public AggregateOperator(Aggregation aggregation, boolean emitChanges, RecordErrorHandler errors) {
        this.aggregation = aggregation;
        this.emitChanges = emitChanges;
        this.errors = errors;
        this.groups = aggregation.newTable();
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            try {
                Group g = aggregation.groupOf(groups, r);
                aggregation.accumulate(g, r, r.eventTime());
                if (emitChanges) {
                    out.add(g.toRecord(aggregation.groupSchema(), 0, 0, false));
                }
            } catch (ValueException e) {
                errors.onError(RecordError.eval(r, e));
            }
        }
    }

    @Override
    public void finish(List<StreamRecord> out) {
        if (!emitChanges) {
            groups.forEach(g -> out.add(g.toRecord(aggregation.groupSchema(), 0, 0, false)));
        }
    }

    @Override
    public String stateKind() {
        return "groups";
    }

    @Override
    public List<String> storeNames() {
        return List.of("groups");
    }

    @Override
    public void useStore(StoreProvider stores) {
        groups = aggregation.newTable(stores, "groups");
    }

    @Override
    public List<SqlType> keyTypes() {
        SqlType[] types = new SqlType[aggregation.keyCount()];
        for (int i = 0; i < types.length; i++) {
            types[i] = aggregation.groupSchema().type(i);
        }
        return List.of(types);
    }

    @Override
    public int recordKeyPart() {
        return aggregation.recordKeyPart();
    }

    @Override
    public StreamRecord committed(Object[] key) {
        Group g = groups.committed(key);
        return g == null ? null : g.toRecord(aggregation.groupSchema(), 0, 0, false);
    }

    @Override
    public boolean ordered() {
        return groups.ordered();
    }

    @Override
    public void committedRange(Object[] from, Object[] to, Consumer<StreamRecord> result) {
        groups.committedRange(from, to, g -> result.accept(g.toRecord(aggregation.groupSchema(), 0, 0, false)));
    }

    /** Number of groups held. */
    public int groupCount() {
        return groups.size();
    }

    @Override
    public long stateSize() {
        return groups.size();
    }
}
