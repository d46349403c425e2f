package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.aggregate.WindowAggregateOperator;
import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class WindowedAggregationTest {
    private static final Schema TICKS = Schema.of(List.of("sym", "v", "ts"),
            List.of(SqlType.STRING, SqlType.INTEGER, SqlType.INTEGER));

    private static StreamRecord tick(String sym, long v, long ts) {
        return StreamRecord.of(TICKS, 0, sym, v, ts);
    }

    private static List<StreamRecord> run(Operator op, List<StreamRecord> in) {
        List<StreamRecord> out = new ArrayList<>();
        op.process(in, out);
        return out;
    }

    /** The window operator inside a planned chain, or null. */
    private static WindowAggregateOperator windowOperator(Operator op) {
        if (op instanceof WindowAggregateOperator w) {
            return w;
        }
        if (op instanceof Chain c) {
            for (Operator o : c.operators()) {
                WindowAggregateOperator w = windowOperator(o);
                if (w != null) {
                    return w;
                }
            }
        }
        return null;
    }

    @Test
    void windowStateStaysBoundedAcrossTenThousandClosedWindows() {
        Plans p = Plans.plan("SELECT sym, COUNT(*) AS n FROM ticks GROUP BY sym WINDOW TUMBLING(1s)", TICKS,
                Map.of("event.time.field", "ts"));
        assertThat(p.diagnostics.errors()).isEmpty();
        Operator op = p.planned.operator();
        WindowAggregateOperator window = windowOperator(op);
        long emitted = 0;
        int maxOpen = 0;
        for (int w = 0; w < 10_000; w++) {
            List<StreamRecord> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(tick("s" + (i % 3), i, w * 1000L + i * 100));
            }
            emitted += run(op, batch).size();
            maxOpen = Math.max(maxOpen, window.openWindows());
        }
        List<StreamRecord> rest = new ArrayList<>();
        op.finish(rest);

        assertThat(maxOpen).isLessThanOrEqualTo(2);
        assertThat(window.openWindows()).isZero();
        assertThat(emitted + rest.size()).isEqualTo(10_000L * 3);
    }

    @Test
    void deadLetterHandsLateRecordsToTheFailureStrategy() {
        Plans p = Plans.plan("SELECT sym, COUNT(*) AS n FROM ticks GROUP BY sym WINDOW TUMBLING(10s)", TICKS,
                Map.of("event.time.field", "ts", "late.data.strategy", "dead_letter"));
        run(p.planned.operator(), List.of(tick("a", 1, 1_000), tick("a", 1, 20_000), tick("a", 1, 2_000)));
        assertThat(p.recordErrors).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("late record: event time 2000 is behind the watermark 20000"));
        assertThat(p.lateRecords).isEmpty();
    }

    @Test
    void dropCountsLateRecords() {
        Plans p = Plans.plan("SELECT sym, COUNT(*) AS n FROM ticks GROUP BY sym WINDOW TUMBLING(10s)", TICKS,
                Map.of("event.time.field", "ts"));
        List<StreamRecord> out = run(p.planned.operator(), List.of(tick("a", 1, 1_000), tick("a", 1, 20_000),
                tick("a", 1, 2_000)));
        assertThat(out).extracting(r -> r.get("n"), r -> r.get("sym")).containsExactly(tuple(1L, "a"));
        assertThat(p.lateRecords).hasSize(1);
        assertThat(p.recordErrors).isEmpty();
    }

    @Test
    void aTimeColumnPlacesRecordsAndTheResultCarriesTheWindowBounds() {
        Plans p = Plans.plan("SELECT sym, SUM(v) AS total, _window_start AS ws, TUMBLE_END(ts) AS we FROM ticks"
                + " GROUP BY sym WINDOW TUMBLING(ts, 1m) EMIT CHANGES", TICKS, Map.of());
        assertThat(p.diagnostics.errors()).isEmpty();
        List<StreamRecord> out = run(p.planned.operator(), List.of(tick("a", 2, 59_999), tick("a", 3, 60_000)));
        assertThat(out).extracting(r -> r.get("total"), r -> r.get("ws"), r -> r.get("we"), StreamRecord::key)
                .containsExactly(tuple(2L, 0L, 60_000L, "a"), tuple(3L, 60_000L, 120_000L, "a"));
    }

    @Test
    void idleTimeoutAndStrategyAreRead() {
        Plans p = Plans.plan("SELECT sym, COUNT(*) AS n FROM ticks GROUP BY sym WINDOW TUMBLING(10s)", TICKS,
                Map.of("event.time.field", "ts", "watermark.strategy", "ascending", "watermark.idle_timeout", "5s"));
        assertThat(p.diagnostics.errors()).isEmpty();
    }

    @Test
    void badTimeSettingsAreErrorsNamingTheKey() {
        Plans p = Plans.plan("SELECT sym, COUNT(*) AS n FROM ticks GROUP BY sym WINDOW TUMBLING(10s)", TICKS,
                Map.of("watermark.max_out_of_orderness", "soon"));
        assertThat(p.diagnostics.errors()).extracting(SqlError::message)
                .singleElement().satisfies(m -> assertThat(m).startsWith("'watermark.max_out_of_orderness': "));
        Plans late = Plans.plan("SELECT sym FROM ticks", TICKS, Map.of("late.data.strategy", "later"));
        assertThat(late.diagnostics.errors()).extracting(SqlError::message)
                .containsExactly("unknown late.data.strategy 'later' (use drop, dead_letter, update_previous, include_in_next)");
    }

    @Test
    void windowColumnsNeedAWindow() {
        Plans p = Plans.plan("SELECT sym, TUMBLE_START(ts) AS s, COUNT(*) FROM ticks GROUP BY sym", TICKS, Map.of());
        assertThat(p.diagnostics.errors()).extracting(SqlError::message).contains("TUMBLE_START needs a WINDOW clause");
    }
}
