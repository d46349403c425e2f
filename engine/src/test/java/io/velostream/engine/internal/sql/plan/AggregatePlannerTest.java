package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.window.WindowAssigner;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.internal.sql.ast.Query;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.velostream.engine.internal.sql.plan.QueryPlannerTest.ORDERS;
import static io.velostream.engine.internal.sql.plan.QueryPlannerTest.column;
import static io.velostream.engine.internal.sql.plan.QueryPlannerTest.order;
import static io.velostream.engine.internal.sql.plan.QueryPlannerTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class AggregatePlannerTest {
    private static List<StreamRecord> finish(Operator op, List<StreamRecord> in) {
        List<StreamRecord> out = run(op, in);
        List<StreamRecord> rest = new ArrayList<>();
        op.finish(rest);
        out.addAll(rest);
        return out;
    }

    @Test
    void emitChangesEmitsTheUpdatedGroupPerInputKeyedByItsGroupValues() {
        Plans p = Plans.ok("SELECT region, product, SUM(amount) AS total FROM orders GROUP BY region, product", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(), List.of(
                order(1, "US", 10, "1.00", "a"), order(2, "EU", 20, "1.00", "a"), order(3, "US", 5, "1.00", "a")));

        assertThat(out).extracting(r -> r.get("region"), r -> r.get("total"), StreamRecord::key)
                .containsExactly(tuple("US", 10L, "US|Widget"), tuple("EU", 20L, "EU|Widget"), tuple("US", 15L, "US|Widget"));
        assertThat(p.planned.outputSchema().names()).containsExactly("region", "product", "total");
    }

    @Test
    void primaryKeyOverridesTheGroupKey() {
        Plans p = Plans.ok("SELECT region PRIMARY KEY, COUNT(*) AS n FROM orders GROUP BY region, product", ORDERS, false);
        StreamRecord out = run(p.planned.operator(), List.of(order(1))).get(0);
        assertThat(out.key()).isEqualTo("US");
    }

    @Test
    void emitFinalEmitsEachGroupOnceAtTheEndOfBoundedInput() {
        Plans p = Plans.ok("SELECT region, COUNT(*) AS n FROM orders GROUP BY region EMIT FINAL", ORDERS, true);
        Operator op = p.planned.operator();
        assertThat(run(op, List.of(order(1, "US", 1, "1", "a"), order(2, "EU", 1, "1", "a"),
                order(3, "US", 1, "1", "a")))).isEmpty();
        List<StreamRecord> rest = new ArrayList<>();
        op.finish(rest);
        assertThat(rest).extracting(r -> r.get("region"), r -> r.get("n")).containsExactly(tuple("US", 2L), tuple("EU", 1L));
    }

    @Test
    void groupResultsKeepTheHeadersAndEventTimeOfTheGroupsInputs() {
        Plans p = Plans.ok("SELECT region, COUNT(*) AS n FROM orders GROUP BY region", ORDERS, false);
        StreamRecord first = order(1);
        StreamRecord second = order(2).withEventTime(1_000);
        List<StreamRecord> out = run(p.planned.operator(), List.of(first, second));
        assertThat(out.get(1).headers()).isSameAs(second.headers());
        assertThat(out.get(1).eventTime()).isEqualTo(first.eventTime());
    }

    @Test
    void aggregatesWithoutGroupByFormOneGroup() {
        Plans p = Plans.ok("SELECT COUNT(*) AS n, MAX(amount) - MIN(amount) AS spread FROM orders EMIT FINAL", ORDERS, true);
        List<StreamRecord> out = finish(p.planned.operator(), List.of(order(1), order(2), order(5)));
        assertThat(out).extracting(r -> r.get("n"), r -> r.get("spread"), StreamRecord::key).containsExactly(tuple(3L, 40L, null));
    }

    @Test
    void havingSeesAliasesAndAggregatesThatAreNotSelected() {
        Plans p = Plans.ok("SELECT region, SUM(amount) AS total FROM orders GROUP BY region"
                + " HAVING total * 2 > 50 AND COUNT(*) >= 2 EMIT FINAL", ORDERS, true);
        List<StreamRecord> out = finish(p.planned.operator(), List.of(order(1, "US", 10, "1", "a"),
                order(2, "US", 20, "1", "a"), order(3, "EU", 100, "1", "a")));
        assertThat(column(out, "region")).containsExactly("US");
    }

    @Test
    void aRecordErrorInAnArgumentLeavesTheGroupUnchanged() {
        Plans p = Plans.ok("SELECT region, SUM(CAST(s AS INTEGER)) AS total FROM orders GROUP BY region", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(), List.of(order(1, "US", 1, "1", "5"),
                order(2, "US", 1, "1", "x"), order(3, "US", 1, "1", "7")));
        assertThat(column(out, "total")).containsExactly(5L, 12L);
        assertThat(p.recordErrors).singleElement().satisfies(e -> assertThat(e.message()).contains("'x'"));
    }

    @Test
    void misuseIsReportedAtItsPosition() {
        Plans p = Plans.plan("SELECT region, product, SUM(region), SUM(COUNT(id)), NOPE(id) FROM orders GROUP BY region",
                ORDERS, false);
        assertThat(p.diagnostics.errors()).extracting(SqlError::column, SqlError::message).contains(
                tuple(16, "column 'product' must appear in GROUP BY or be used in an aggregate function"),
                tuple(25, "SUM needs a numeric argument, got STRING"),
                tuple(42, "aggregate function COUNT is not allowed here"),
                tuple(54, "unknown function NOPE"));
    }

    @Test
    void selectStarCannotBeGrouped() {
        Plans p = Plans.plan("SELECT * FROM orders GROUP BY region", ORDERS, false);
        assertThat(p.diagnostics.errors()).extracting(SqlError::message)
                .contains("SELECT * cannot be used with GROUP BY or aggregate functions");
    }

    @Test
    void buildsFromTheWindowClause() {
        WindowAssigner t = AggregatePlanner.assigner(new Query.Window(null, Query.WindowKind.TUMBLING, null, 60_000, 0, null));
        assertThat(t.kind()).isEqualTo(WindowAssigner.Kind.TUMBLING);
        assertThat(t.size()).isEqualTo(60_000);
        assertThat(t.advance()).isEqualTo(60_000);
        assertThat(t.grace()).isZero();

        WindowAssigner s = AggregatePlanner.assigner(new Query.Window(null, Query.WindowKind.SLIDING, null, 60_000, 10_000, 5_000L));
        assertThat(s.advance()).isEqualTo(10_000);
        assertThat(s.grace()).isEqualTo(5_000);
        assertThat(s.maxWindowsPerRecord()).isEqualTo(6);

        WindowAssigner g = AggregatePlanner.assigner(new Query.Window(null, Query.WindowKind.SESSION, null, 30_000, 0, null));
        assertThat(g.kind()).isEqualTo(WindowAssigner.Kind.SESSION);
        assertThat(g.size()).isEqualTo(30_000);
        assertThatThrownBy(() -> g.assign(0, new long[1])).isInstanceOf(IllegalStateException.class);
    }
}
