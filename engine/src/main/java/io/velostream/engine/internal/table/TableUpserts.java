package io.velostream.engine.internal.table;

import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.record.StreamRecord;

import java.util.List;

/**
 * The last step of a CREATE TABLE … AS that also writes a sink: upserts each record into the
 * table ({@link TableWriter}) and passes it on to the sink. As an operator its table is state like
 * any other: with a Kafka sink it lives in the changelogged store {@code table}, restored at start
 * and rolled back with an aborted batch, so the table commits with the sink's transaction
 * (docs/kafka.md#state).
 */
public final class TableUpserts implements Operator, StatefulOperator {
    private final TableStore table;
    private final TableWriter writer;

    public TableUpserts(TableStore table) {
        this.table = table;
        this.writer = new TableWriter(table);
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        writer.write(in);
        out.addAll(in);
    }

    @Override
    public long stateSize() {
        return table.size();
    }

    @Override
    public String stateKind() {
        return "table " + table.name();
    }

    @Override
    public List<String> storeNames() {
        return List.of("table");
    }

    @Override
    public void useStore(StoreProvider stores) {
        table.useStore(stores);
    }
}
