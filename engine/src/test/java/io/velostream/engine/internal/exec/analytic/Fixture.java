package io.velostream.engine.internal.exec.analytic;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.function.Argument;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Test helpers: evaluators by slot, binding, and running an operator over rows. */
final class Fixture {
    static final AggregateRegistry AGGREGATES = AggregateRegistry.builtins();
    static final Function<String, AggregateFunction> REGISTRY =
            name -> AGGREGATES.find(name).orElse(null);

    private Fixture() {
    }

    static Evaluator col(int slot) {
        return row -> row.in.value(slot);
    }

    static Argument arg(SqlType type) {
        return Argument.of(type);
    }

    static Argument constant(Object value) {
        return Argument.constant(value instanceof Long ? SqlType.INTEGER : SqlType.ANY, value);
    }

    static Window.OrderKey asc(int slot) {
        return new Window.OrderKey(col(slot), false, false);
    }

    static AnalyticFunction bind(String name, List<SqlType> keyTypes, Frame frame, Argument... args) {
        return AnalyticFunction.bind(name, List.of(args), false, keyTypes, frame, REGISTRY);
    }

    /** A call whose SQL arguments are the given evaluators (constants as constant evaluators). */
    static AnalyticCall call(String out, AnalyticFunction f, Window w, Evaluator... args) {
        return new AnalyticCall(out, f, List.of(args), w);
    }

    static Evaluator value(Object v) {
        return row -> v;
    }

    static List<StreamRecord> run(AnalyticOperator op, Schema schema, Object[]... rows) {
        List<StreamRecord> in = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            in.add(StreamRecord.of(schema, i, rows[i]));
        }
        List<StreamRecord> out = new ArrayList<>();
        op.process(in, out);
        return out;
    }

    /** The values of one slot of every output record. */
    static List<Object> column(List<StreamRecord> out, int slot) {
        List<Object> values = new ArrayList<>();
        out.forEach(r -> values.add(r.value(slot)));
        return values;
    }

    static Object[] r(Object... values) {
        return values;
    }
}
