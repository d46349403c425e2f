package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.internal.function.builtin.BuiltinFunctions;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.internal.sql.parse.SqlParser;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Plans one SELECT statement the way the application compiler does, collecting what it reports. */
final class Plans {
    static final FunctionRegistry REGISTRY = BuiltinFunctions.registry();
    static final AggregateRegistry AGGREGATES = AggregateRegistry.builtins();

    final Diagnostics diagnostics;
    final List<RecordError> recordErrors = new ArrayList<>();
    final QueryPlanner.Planned planned;

    final List<Object> lateRecords = new ArrayList<>();

    private Plans(String sql, Schema schema, boolean bounded, int distinctMax) {
        this(sql, schema, bounded, distinctMax, Map.of());
    }

    private Plans(String sql, Schema schema, boolean bounded, int distinctMax, Map<String, String> options) {
        this((Query.Select) SqlParser.parseStatement(sql).query(), sql, schema, bounded, distinctMax, options);
    }

    private Plans(Query.Select select, String sql, Schema schema, boolean bounded, int distinctMax,
                  Map<String, String> options) {
        diagnostics = new Diagnostics(null, sql);
        Function<String, AggregateFunction> aggregates = n -> AGGREGATES.find(n).orElse(null);
        ExpressionCompiler compiler = new ExpressionCompiler(n -> REGISTRY.find(n).orElse(null), aggregates,
                new FunctionContext(Clock.fixed(Instant.parse("2024-03-15T10:30:45.123Z"), ZoneOffset.UTC)),
                diagnostics);
        QueryPlanner planner = new QueryPlanner(compiler, diagnostics, recordErrors::add, distinctMax,
                aggregates, () -> lateRecords.add(sql));
        planned = planner.plan(select, new QueryPlanner.Input(schema, bounded, options));
    }

    static Plans plan(String sql, Schema schema, boolean bounded, int distinctMax) {
        return new Plans(sql, schema, bounded, distinctMax);
    }

    static Plans plan(String sql, Schema schema, boolean bounded) {
        return new Plans(sql, schema, bounded, 100_000);
    }

    /** Plans with source options (event time, watermark, late data keys). */
    static Plans plan(String sql, Schema schema, Map<String, String> options) {
        return new Plans(sql, schema, true, 100_000, options);
    }

    /** Plans a SELECT made by the compiler (a stage of a repartition), requiring no compile error. */
    static Plans ok(Query.Select select, Schema schema) {
        Plans p = new Plans(select, select.toString(), schema, false, 100_000, Map.of());
        if (p.diagnostics.hasErrors()) {
            throw new AssertionError("errors planning " + select + ": " + p.diagnostics.errors());
        }
        return p;
    }

    /** Plans and requires no compile error. */
    static Plans ok(String sql, Schema schema, boolean bounded) {
        Plans p = plan(sql, schema, bounded);
        if (p.diagnostics.hasErrors()) {
            throw new AssertionError("errors planning " + sql + ": " + p.diagnostics.errors());
        }
        return p;
    }
}
