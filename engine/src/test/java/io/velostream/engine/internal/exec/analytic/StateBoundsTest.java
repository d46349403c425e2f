package io.velostream.engine.internal.exec.analytic;

import static io.velostream.engine.internal.exec.analytic.Fixture.arg;
import static io.velostream.engine.internal.exec.analytic.Fixture.asc;
import static io.velostream.engine.internal.exec.analytic.Fixture.bind;
import static io.velostream.engine.internal.exec.analytic.Fixture.call;
import static io.velostream.engine.internal.exec.analytic.Fixture.col;
import static io.velostream.engine.internal.exec.analytic.Fixture.column;
import static io.velostream.engine.internal.exec.analytic.Fixture.r;
import static io.velostream.engine.internal.exec.analytic.Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bounded state: buffer eviction, the partition cap, buffers shared by calls, failing rows. */
class StateBoundsTest {
    private static final Schema SCHEMA = Schema.of(List.of("sym", "k", "v"),
            List.of(SqlType.STRING, SqlType.INTEGER, SqlType.INTEGER));
    private static final List<SqlType> BY_K = List.of(SqlType.INTEGER);

    @Test
    void aBufferOfTwoRowsKeepsOnlyTheTwoMostRecentArrivals() {
        Window buffer2 = new Window(List.of(asc(1)), 2L);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("n", bind("COUNT", BY_K, null), buffer2))
                .call(call("min", bind("MIN", BY_K, Frame.DEFAULT, arg(SqlType.INTEGER)), buffer2, col(2)))
                .call(call("max", bind("MAX", BY_K, null, arg(SqlType.INTEGER)), buffer2, col(2)))
                .call(call("sum", bind("SUM", BY_K, null, arg(SqlType.INTEGER)), buffer2, col(2)))
                .call(call("rn", bind("ROW_NUMBER", BY_K, null), buffer2))
                .build();
        // k = 5 arrives first and is evicted by the third row although it sorts last
        List<StreamRecord> out = run(op, SCHEMA,
                r("A", 5L, 50L), r("A", 1L, 10L), r("A", 3L, 30L), r("A", 4L, 40L), r("A", 2L, 20L));
        assertThat(column(out, 3)).containsExactly(1L, 1L, 2L, 2L, 1L);
        assertThat(column(out, 4)).containsExactly(50L, 10L, 10L, 30L, 20L);
        assertThat(column(out, 5)).containsExactly(50L, 10L, 30L, 40L, 20L);
        assertThat(column(out, 6)).containsExactly(50L, 10L, 40L, 70L, 20L);
        assertThat(column(out, 7)).containsExactly(1L, 1L, 2L, 2L, 1L);
    }

    @Test
    void theDefaultBufferAppliesToWindowsWithoutABufferClause() {
        AnalyticOperator op = AnalyticOperator.builder().defaultBufferRows(3)
                .call(call("sum", bind("SUM", List.of(), null, arg(SqlType.INTEGER)), Window.unordered(null), col(2)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r("A", 0L, 1L), r("A", 0L, 2L), r("A", 0L, 4L), r("A", 0L, 8L));
        assertThat(column(out, 3)).containsExactly(1L, 3L, 7L, 14L);
    }

    @Test
    void theLeastRecentlyUsedPartitionIsForgottenBeyondTheCap() {
        AnalyticOperator op = AnalyticOperator.builder().partitionBy(col(0)).maxPartitions(2)
                .call(call("n", bind("COUNT", List.of(), null), Window.unordered(null)))
                .build();
        // C evicts B (A was used more recently); B then starts again and evicts C, not A
        List<StreamRecord> out = run(op, SCHEMA,
                r("A", 0L, 0L), r("B", 0L, 0L), r("A", 0L, 0L), r("C", 0L, 0L), r("A", 0L, 0L), r("B", 0L, 0L),
                r("A", 0L, 0L));
        assertThat(column(out, 3)).containsExactly(1L, 1L, 2L, 1L, 3L, 1L, 4L);
        assertThat(op.partitionCount()).isEqualTo(2);
    }

    @Test
    void callsWithTheSameWindowShareABufferAndOthersKeepTheirOwn() {
        Window small = new Window(List.of(asc(1)), 1L);
        Window large = new Window(List.of(asc(1)), 10L);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("a", bind("COUNT", BY_K, null), small))
                .call(call("b", bind("COUNT", BY_K, null), large))
                .call(call("c", bind("SUM", BY_K, null, arg(SqlType.INTEGER)), large, col(2)))
                .build();
        List<StreamRecord> out = run(op, SCHEMA, r("A", 1L, 1L), r("A", 2L, 2L), r("A", 3L, 3L));
        assertThat(column(out, 3)).containsExactly(1L, 1L, 1L);
        assertThat(column(out, 4)).containsExactly(1L, 2L, 3L);
        assertThat(column(out, 5)).containsExactly(1L, 3L, 6L);
    }

    @Test
    void aRowWhoseExpressionFailsLeavesNoState() {
        Evaluator failsOnNegative = row -> {
            long v = (Long) row.in.value(2);
            if (v < 0) {
                throw new ValueException("negative");
            }
            return v;
        };
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("sum", bind("SUM", BY_K, null, arg(SqlType.INTEGER)), new Window(List.of(asc(1)), null),
                        failsOnNegative))
                .build();
        List<StreamRecord> out = new ArrayList<>();
        op.process(List.of(StreamRecord.of(SCHEMA, 0, "A", 1L, 1L)), out);
        assertThatThrownBy(() -> op.process(List.of(StreamRecord.of(SCHEMA, 0, "A", 2L, -5L)), out))
                .isInstanceOf(ValueException.class);
        op.process(List.of(StreamRecord.of(SCHEMA, 0, "A", 3L, 2L)), out);
        assertThat(column(out, 3)).containsExactly(1L, 3L);
    }

    @Test
    void aSlidingFrameOverManyRowsMatchesARecomputation() {
        Window byK = new Window(List.of(asc(1)), 50L);
        Frame last7 = Frame.rows(Frame.Bound.preceding(6L), Frame.Bound.CURRENT_ROW);
        AnalyticOperator op = AnalyticOperator.builder()
                .call(call("sum", bind("SUM", BY_K, last7, arg(SqlType.INTEGER)), byK, col(2)))
                .call(call("max", bind("MAX", BY_K, last7, arg(SqlType.INTEGER)), byK, col(2)))
                .build();
        // keys mostly ascending with some late rows; the reference sorts the last 50 arrivals
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            long k = i % 10 == 3 ? i - 7 : i;
            rows.add(r("A", k, (i * 37) % 101));
        }
        List<StreamRecord> out = run(op, SCHEMA, rows.toArray(new Object[0][]));
        for (int i = 0; i < rows.size(); i++) {
            List<Object[]> buffer = new ArrayList<>(rows.subList(Math.max(0, i - 49), i + 1));
            Object[] current = rows.get(i);
            buffer.sort((a, b) -> Long.compare((Long) a[1], (Long) b[1])); // stable: ties in arrival order
            int c = buffer.indexOf(current);
            long sum = 0;
            long max = Long.MIN_VALUE;
            for (int j = Math.max(0, c - 6); j <= c; j++) {
                sum += (Long) buffer.get(j)[2];
                max = Math.max(max, (Long) buffer.get(j)[2]);
            }
            assertThat(out.get(i).value(3)).as("sum of row %d", i).isEqualTo(sum);
            assertThat(out.get(i).value(4)).as("max of row %d", i).isEqualTo(max);
        }
    }
}
