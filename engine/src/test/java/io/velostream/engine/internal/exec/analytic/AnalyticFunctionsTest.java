package io.velostream.engine.internal.exec.analytic;

import static io.velostream.engine.internal.exec.analytic.Fixture.arg;
import static io.velostream.engine.internal.exec.analytic.Fixture.asc;
import static io.velostream.engine.internal.exec.analytic.Fixture.bind;
import static io.velostream.engine.internal.exec.analytic.Fixture.call;
import static io.velostream.engine.internal.exec.analytic.Fixture.col;
import static io.velostream.engine.internal.exec.analytic.Fixture.column;
import static io.velostream.engine.internal.exec.analytic.Fixture.constant;
import static io.velostream.engine.internal.exec.analytic.Fixture.r;
import static io.velostream.engine.internal.exec.analytic.Fixture.run;
import static io.velostream.engine.internal.exec.analytic.Fixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.velostream.engine.internal.exec.analytic.Frame.Bound;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact outputs of every analytic function; rows are (sym, ts, v) at slots 0, 1, 2. */
class AnalyticFunctionsTest {
    private static final Schema SCHEMA = Schema.of(List.of("sym", "ts", "v"),
            List.of(SqlType.STRING, SqlType.INTEGER, SqlType.INTEGER));
    private static final List<SqlType> BY_TS = List.of(SqlType.INTEGER);
    private static final Window ORDERED = new Window(List.of(asc(1)), null);
    private static final Frame LAST_3 = Frame.rows(Bound.preceding(2L), Bound.CURRENT_ROW);

    @Test
    void movingAverageOverABufferOfThreeRowsPerSymbol() {
        AnalyticOperator op = AnalyticOperator.builder().partitionBy(col(0))
                .call(call("ma", bind("AVG", List.of(), null, arg(SqlType.INTEGER)), Window.unordered(3L), col(2)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA,
                r("A", 1L, 10L), r("B", 2L, 100L), r("A", 3L, 20L), r("A", 4L, 30L), r("B", 5L, 200L), r("A", 6L, 40L));
        assertThat(column(out, 3)).containsExactly(10.0, 100.0, 15.0, 20.0, 150.0, 30.0);
        assertThat(out.get(5).schema().names()).containsExactly("sym", "ts", "v", "ma");
        assertThat(out.get(5).schema().type(3)).isEqualTo(SqlType.FLOAT);
        assertThat(out.get(5).value(0)).isEqualTo("A");
        assertThat(out.get(5).timestamp()).isEqualTo(5);
    }

    @Test
    void lagAndLeadWithOffsetAndDefault() {
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("lag1", bind("LAG", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("lag2", bind("LAG", BY_TS, null, arg(SqlType.INTEGER), constant(2L), arg(SqlType.INTEGER)),
                        ORDERED, col(2), value(2L), row -> -(Long) row.in.value(2)))
                .call(call("lead", bind("LEAD", BY_TS, null, arg(SqlType.INTEGER), constant(1L), constant(0L)),
                        ORDERED, col(2), value(1L), value(0L)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r("A", 1L, 10L), r("A", 2L, 20L), r("A", 3L, 30L), r("A", 4L, 40L));
        assertThat(column(out, 3)).containsExactly(null, 10L, 20L, 30L);
        // the default is evaluated on the current row
        assertThat(column(out, 4)).containsExactly(-10L, -20L, 10L, 20L);
        // in-order input: the next row has not arrived when a row is emitted
        assertThat(column(out, 5)).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void rowNumberRankAndDenseRankWithTies() {
        AnalyticOperator op = ranking("ROW_NUMBER", "RANK", "DENSE_RANK");
        List<StreamRecord> out = run(op, SCHEMA,
                r("A", 10L, 1L), r("A", 20L, 2L), r("A", 20L, 3L), r("A", 30L, 4L), r("A", 20L, 5L));
        assertThat(column(out, 3)).containsExactly(1L, 2L, 3L, 4L, 4L);
        assertThat(column(out, 4)).containsExactly(1L, 2L, 2L, 4L, 2L);
        assertThat(column(out, 5)).containsExactly(1L, 2L, 2L, 3L, 2L);
    }

    @Test
    void percentRankCumeDistAndNtileOverTheRowsBufferedSoFar() {
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("pr", bind("PERCENT_RANK", BY_TS, null), ORDERED))
                .call(call("cd", bind("CUME_DIST", BY_TS, null), ORDERED))
                .call(call("nt", bind("NTILE", BY_TS, null, constant(3L)), ORDERED, value(3L)))
                .build();
        // sorted buffers: [30] [10 30] [10 20 30] [10 20 20 30] [10 20 20 30 40]
        List<StreamRecord> out = run(op, SCHEMA,
                r("A", 30L, 1L), r("A", 10L, 2L), r("A", 20L, 3L), r("A", 20L, 4L), r("A", 40L, 5L));
        assertThat(column(out, 3)).containsExactly(0.0, 0.0, 0.5, 1.0 / 3, 1.0);
        assertThat(column(out, 4)).containsExactly(1.0, 0.5, 2.0 / 3, 0.75, 1.0);
        // 5 rows in 3 tiles are 2, 2, 1 rows: the 5th row is in tile 3
        assertThat(column(out, 5)).containsExactly(1L, 1L, 2L, 2L, 3L);
    }

    @Test
    void firstLastAndNthValueOverTheLastThreeRows() {
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("f", bind("FIRST_VALUE", BY_TS, LAST_3, arg(SqlType.STRING)), ORDERED, col(0)))
                .call(call("l", bind("LAST_VALUE", BY_TS, LAST_3, arg(SqlType.STRING)), ORDERED, col(0)))
                .call(call("n", bind("NTH_VALUE", BY_TS, LAST_3, arg(SqlType.STRING), constant(2L)),
                        ORDERED, col(0), value(2L)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA,
                r(null, 1L, 0L), r("b", 2L, 0L), r("c", 3L, 0L), r("d", 4L, 0L), r("e", 5L, 0L));
        // positional: a NULL value in the first row is the first value
        assertThat(column(out, 3)).containsExactly(null, null, null, "b", "c");
        assertThat(column(out, 4)).containsExactly(null, "b", "c", "d", "e");
        assertThat(column(out, 5)).containsExactly(null, "b", "b", "c", "d");
    }

    @Test
    void aggregatesOverTwoPrecedingRowsAndTheCurrentOne() {
        String[] names = {"SUM", "MIN", "MAX", "COUNT", "STDDEV", "VARIANCE"};
        AnalyticOperator.Builder b = AnalyticOperator.builder();
        for (String name : names) {
            b.call(call(name, bind(name, BY_TS, LAST_3, arg(SqlType.INTEGER)), ORDERED, col(2)));
        }
        b.call(call("rows", bind("COUNT", BY_TS, LAST_3), ORDERED));
        List<StreamRecord> out = run(b.build(), SCHEMA,
                r("A", 1L, 1L), r("A", 2L, 2L), r("A", 3L, 4L), r("A", 4L, 8L), r("A", 5L, 16L));
        assertThat(column(out, 3)).containsExactly(1L, 3L, 7L, 14L, 28L);
        assertThat(column(out, 4)).containsExactly(1L, 1L, 1L, 2L, 4L);
        assertThat(column(out, 5)).containsExactly(1L, 2L, 4L, 8L, 16L);
        assertThat(column(out, 6)).containsExactly(1L, 2L, 3L, 3L, 3L);
        assertThat(column(out, 9)).containsExactly(1L, 2L, 3L, 3L, 3L);
        double[] variances = {0.5, 7.0 / 3, 28.0 / 3, 112.0 / 3};
        assertThat(out.get(0).value(7)).isNull();
        assertThat(out.get(0).value(8)).isNull();
        for (int i = 1; i < 5; i++) {
            assertThat((Double) out.get(i).value(8)).isCloseTo(variances[i - 1], within(1e-9));
            assertThat((Double) out.get(i).value(7)).isCloseTo(Math.sqrt(variances[i - 1]), within(1e-9));
        }
    }

    @Test
    void orderSensitiveAggregateWithoutRemoveIsRebuiltOverASlidingFrame() {
        Frame last2 = Frame.rows(Bound.preceding(1L), Bound.CURRENT_ROW);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("s", bind("STRING_AGG", BY_TS, last2, arg(SqlType.STRING)), ORDERED, col(0)))
                .call(call("all", bind("STRING_AGG", BY_TS, null, arg(SqlType.STRING)), ORDERED, col(0)))
                .build();
        // "a" arrives late and sorts first
        List<StreamRecord> out = run(op, SCHEMA, r("b", 2L, 0L), r("c", 3L, 0L), r("a", 1L, 0L), r("d", 4L, 0L));
        assertThat(column(out, 3)).containsExactly("b", "b,c", "a", "c,d");
        assertThat(column(out, 4)).containsExactly("b", "b,c", "a", "a,b,c,d");
    }

    @Test
    void rangeWithAnIntervalOverATimestampKey() {
        Schema schema = Schema.of(List.of("t", "v"), List.of(SqlType.TIMESTAMP, SqlType.INTEGER));
        Frame lastHour = Frame.range(Bound.preceding(Duration.ofHours(1)), Bound.CURRENT_ROW);
        Window byTime = new Window(List.of(asc(0)), null);
        List<SqlType> keys = List.of(SqlType.TIMESTAMP);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("sum", bind("SUM", keys, lastHour, arg(SqlType.INTEGER)), byTime, col(1)))
                .call(call("n", bind("COUNT", keys, lastHour), byTime))
                .build();
        List<StreamRecord> out = run(op, schema, r(minutes(0), 1L), r(minutes(30), 2L), r(minutes(60), 4L),
                r(minutes(90), 8L), r(minutes(150), 16L), r(minutes(150), 32L));
        // the lower end is inclusive: at 60 min the row at 0 min is in
        assertThat(column(out, 2)).containsExactly(1L, 3L, 7L, 14L, 24L, 56L);
        assertThat(column(out, 3)).containsExactly(1L, 2L, 3L, 3L, 2L, 3L);
    }

    @Test
    void numericRangeOnADescendingKey() {
        Window byTsDesc = new Window(List.of(new Window.OrderKey(col(1), true, false)), null);
        Frame within10 = Frame.range(Bound.preceding(10L), Bound.CURRENT_ROW);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("sum", bind("SUM", BY_TS, within10, arg(SqlType.INTEGER)), byTsDesc, col(2)))
                .build();
        // descending: preceding rows have larger keys, up to key + 10
        List<StreamRecord> out = run(op, SCHEMA, r("A", 100L, 1L), r("A", 95L, 2L), r("A", 85L, 4L), r("A", 120L, 8L));
        assertThat(column(out, 3)).containsExactly(1L, 3L, 6L, 8L);
    }

    @Test
    void outOfOrderRowsTakeTheirPlaceInTheOrder() {
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("rn", bind("ROW_NUMBER", BY_TS, null), ORDERED))
                .call(call("sum", bind("SUM", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("lag", bind("LAG", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("lead", bind("LEAD", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("rest", bind("SUM", BY_TS, Frame.rows(Bound.CURRENT_ROW, Bound.UNBOUNDED_FOLLOWING),
                        arg(SqlType.INTEGER)), ORDERED, col(2)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r("A", 1L, 1L), r("A", 3L, 100L), r("A", 2L, 10L), r("A", 4L, 1000L));
        assertThat(column(out, 3)).containsExactly(1L, 2L, 2L, 4L);
        // the default frame ends at the current row's peers: ts 3 is not in ts 2's sum
        assertThat(column(out, 4)).containsExactly(1L, 101L, 11L, 1111L);
        assertThat(column(out, 5)).containsExactly(null, 1L, 1L, 100L);
        // a following row is seen only when it arrived before
        assertThat(column(out, 6)).containsExactly(null, null, 100L, null);
        assertThat(column(out, 7)).containsExactly(1L, 100L, 110L, 1000L);
    }

    @Test
    void nullsAreSkippedByAggregatesAndLagOfNullIsNull() {
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("sum", bind("SUM", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("avg", bind("AVG", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("cnt", bind("COUNT", BY_TS, null, arg(SqlType.INTEGER)), ORDERED, col(2)))
                .call(call("lag", bind("LAG", BY_TS, null, arg(SqlType.INTEGER), constant(1L), constant(-1L)),
                        ORDERED, col(2), value(1L), value(-1L)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r("A", 1L, null), r("A", 2L, 2L), r("A", 3L, null), r("A", 4L, 4L));
        assertThat(column(out, 3)).containsExactly(null, 2L, 2L, 6L);
        assertThat(column(out, 4)).containsExactly(null, 2.0, 2.0, 3.0);
        assertThat(column(out, 5)).containsExactly(0L, 1L, 1L, 2L);
        assertThat(column(out, 6)).containsExactly(-1L, null, 2L, null);
    }

    @Test
    void nullOrderKeysSortFirstOrLastAsAsked() {
        Window nullsFirst = new Window(List.of(new Window.OrderKey(col(1), false, true)), null);
        Window nullsLast = new Window(List.of(asc(1)), null);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("first", bind("ROW_NUMBER", BY_TS, null), nullsFirst))
                .call(call("last", bind("ROW_NUMBER", BY_TS, null), nullsLast))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r("A", 5L, 0L), r("A", null, 0L), r("A", 7L, 0L));
        assertThat(column(out, 3)).containsExactly(1L, 1L, 3L);
        assertThat(column(out, 4)).containsExactly(1L, 2L, 2L);
    }

    @Test
    void nullPartitionKeysFormTheirOwnPartition() {
        AnalyticOperator op = AnalyticOperator.builder().partitionBy(col(0))
                .call(call("n", bind("COUNT", List.of(), null), Window.unordered(null)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r(null, 1L, 0L), r("A", 2L, 0L), r(null, 3L, 0L));
        assertThat(column(out, 3)).containsExactly(1L, 1L, 2L);
    }

    private static AnalyticOperator ranking(String... names) {
        AnalyticOperator.Builder b = AnalyticOperator.builder();
        Window byTs = new Window(List.of(asc(1)), null);
        for (String name : names) {
            b.call(call(name, bind(name, BY_TS, null), byTs));
        }
        return b.build();
    }

    private static Instant minutes(long m) {
        return Instant.ofEpochSecond(m * 60);
    }
}
