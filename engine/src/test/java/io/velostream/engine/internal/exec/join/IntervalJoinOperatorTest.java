package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalJoinOperatorTest {
    static final Schema L = Schema.of("k", "v");
    static final Schema R = Schema.of("k", "w");
    static final Schema JOINED = Schema.of("k", "v", "rk", "w");
    static final Evaluator[] KEY = {row -> row.in.value(0)};

    final List<RecordError> errors = new ArrayList<>();
    int late;

    IntervalJoinOperator join(JoinType type, long lower, long upper, long outOfOrderness) {
        return join(type, KEY, KEY, lower, upper, outOfOrderness);
    }

    IntervalJoinOperator join(JoinType type, Evaluator[] leftKey, Evaluator[] rightKey, long lower, long upper,
                              long outOfOrderness) {
        WatermarkTracker wm = new WatermarkTracker(WatermarkTracker.Strategy.BOUNDED_OUT_OF_ORDERNESS, outOfOrderness, 0, () -> 0L);
        return new IntervalJoinOperator(type, leftKey, rightKey, lower, upper, 2, 2, JOINED, wm, errors::add, () -> late++);
    }

    static StreamRecord l(Object k, Object v, long t) {
        return new StreamRecord(L, new Object[] {k, v}, "L" + v, t - 1, t, "left", -1, t, Headers.of("side", "left"));
    }

    static StreamRecord r(Object k, Object w, long t) {
        return new StreamRecord(R, new Object[] {k, w}, "R" + w, t - 1, t, "right", -1, t, Headers.of("side", "right"));
    }

    /** Values joined by commas (NULL empty) and the event time. */
    static List<String> show(List<StreamRecord> rows) {
        List<String> s = new ArrayList<>();
        for (StreamRecord x : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < JOINED.size(); i++) {
                b.append(i == 0 ? "" : ",").append(Values.toDisplayString(x.value(i)));
            }
            s.add(b.append('@').append(x.eventTime()).toString());
        }
        return s;
    }

    static List<String> feed(Operator side, StreamRecord... in) {
        List<StreamRecord> out = new ArrayList<>();
        side.process(List.of(in), out);
        return show(out);
    }

    static List<String> finish(Operator side) {
        List<StreamRecord> out = new ArrayList<>();
        side.finish(out);
        return show(out);
    }

    /** WITHIN 10 with 10 ms out-of-orderness; out-of-order rows on both sides; one list per step. */
    List<List<String>> scenario(IntervalJoinOperator j) {
        List<List<String>> steps = new ArrayList<>();
        steps.add(feed(j.left(), l("a", 1, 100), l("a", 2, 95)));
        steps.add(feed(j.right(), r("a", "x", 108), r("a", "y", 92), r("b", "z", 100)));
        steps.add(feed(j.left(), l("a", 3, 120)));
        // W = min(120, 130) - 10 = 110: rows with deadline < 110 expire, all of them matched.
        steps.add(feed(j.right(), r("c", "q", 130)));
        // W = 120: left a@100 (deadline 110), right b@100 (110, unmatched), right a@108 (118) expire.
        steps.add(feed(j.left(), l("d", 9, 150)));
        steps.add(finish(j.left()));
        steps.add(finish(j.right()));
        return steps;
    }

    static final List<String> MATCHES_1 = List.of("a,1,a,x@108");
    static final List<String> MATCHES_2 = List.of("a,2,a,y@95", "a,1,a,y@100");

    @Test
    void innerJoinsOutOfOrderRowsWithinTheBound() {
        IntervalJoinOperator j = join(JoinType.INNER, -10, 10, 10);
        List<List<String>> steps = scenario(j);

        assertThat(steps.get(0)).isEmpty();
        assertThat(steps.get(1)).containsExactlyElementsOf(concat(MATCHES_1, MATCHES_2));
        assertThat(steps.subList(2, 7)).allMatch(List::isEmpty);
        assertThat(late).isZero();
        assertBuffersEmpty(j);
    }

    @Test
    void leftEmitsUnmatchedLeftRowsOnceAtEndOfInput() {
        IntervalJoinOperator j = join(JoinType.LEFT, -10, 10, 10);
        List<List<String>> steps = scenario(j);

        assertThat(steps.get(1)).containsExactlyElementsOf(concat(MATCHES_1, MATCHES_2));
        assertThat(steps.subList(2, 6)).allMatch(List::isEmpty);
        assertThat(steps.get(6)).containsExactly("a,3,,@120", "d,9,,@150");
        assertBuffersEmpty(j);
    }

    @Test
    void rightEmitsUnmatchedRightRowsAtExpiryAndAtEndWithTheirOwnHeaders() {
        IntervalJoinOperator j = join(JoinType.RIGHT, -10, 10, 10);
        List<StreamRecord> atExpiry = new ArrayList<>();
        j.left().process(List.of(l("a", 1, 100)), new ArrayList<>());
        j.right().process(List.of(r("b", "z", 100)), new ArrayList<>());
        j.left().process(List.of(l("a", 2, 125)), atExpiry);

        // W = min(125, 100) - 10 = 90 holds b; the right side moving on releases it.
        assertThat(atExpiry).isEmpty();
        j.right().process(List.of(r("c", "q", 121)), atExpiry);
        assertThat(show(atExpiry)).containsExactly(",,b,z@100");
        StreamRecord b = atExpiry.get(0);
        assertThat(b.headers()).isEqualTo(Headers.of("side", "right"));
        assertThat(b.key()).isEqualTo("Rz");
        assertThat(b.position()).hasToString("right:100");
    }

    @Test
    void rightScenario() {
        IntervalJoinOperator j = join(JoinType.RIGHT, -10, 10, 10);
        List<List<String>> steps = scenario(j);

        assertThat(steps.get(1)).containsExactlyElementsOf(concat(MATCHES_1, MATCHES_2));
        assertThat(steps.get(4)).containsExactly(",,b,z@100");
        assertThat(steps.get(5)).isEmpty();
        assertThat(steps.get(6)).containsExactly(",,c,q@130");
        assertBuffersEmpty(j);
    }

    @Test
    void fullEmitsBothSidesUnmatchedRowsInDeadlineOrder() {
        IntervalJoinOperator j = join(JoinType.FULL, -10, 10, 10);
        List<List<String>> steps = scenario(j);

        assertThat(steps.get(1)).containsExactlyElementsOf(concat(MATCHES_1, MATCHES_2));
        assertThat(steps.get(2)).isEmpty();
        assertThat(steps.get(3)).isEmpty();
        assertThat(steps.get(4)).containsExactly(",,b,z@100");
        assertThat(steps.get(5)).as("only the second finish flushes").isEmpty();
        assertThat(steps.get(6)).containsExactly("a,3,,@120", ",,c,q@130", "d,9,,@150");
        assertBuffersEmpty(j);
    }

    @Test
    void joinedRowsKeepTheLeftRowsMetadataAndTheLaterEventTime() {
        IntervalJoinOperator j = join(JoinType.INNER, -10, 10, 0);
        j.right().process(List.of(r("a", "x", 105)), new ArrayList<>());
        List<StreamRecord> out = new ArrayList<>();
        j.left().process(List.of(l("a", 1, 100)), out);

        assertThat(out).hasSize(1);
        StreamRecord x = out.get(0);
        assertThat(x.schema()).isSameAs(JOINED);
        assertThat(x.eventTime()).isEqualTo(105);
        assertThat(x.timestamp()).isEqualTo(99);
        assertThat(x.key()).isEqualTo("L1");
        assertThat(x.headers()).isEqualTo(Headers.of("side", "left"));
        assertThat(x.position()).hasToString("left:100");
    }

    @Test
    void expiryFreesStateAsTimeMoves() {
        IntervalJoinOperator j = join(JoinType.FULL, -10, 10, 0);
        feed(j.left(), l("a", 1, 100), l("b", 2, 100));
        feed(j.right(), r("a", "x", 100), r("c", "y", 105));
        assertThat(j.leftBuffered()).isEqualTo(2);
        assertThat(j.rightBuffered()).isEqualTo(2);
        assertThat(j.bufferedKeys()).isEqualTo(4);

        // Both sides at 200: W = 200 passes every deadline (110, 115).
        List<String> out = new ArrayList<>(feed(j.left(), l("z", 0, 200)));
        assertThat(out).isEmpty();
        out.addAll(feed(j.right(), r("z", "w", 200)));
        assertThat(out).containsExactly("z,0,z,w@200", "b,2,,@100", ",,c,y@105");
        assertThat(j.leftBuffered()).isEqualTo(1);
        assertThat(j.rightBuffered()).isEqualTo(1);
        assertThat(j.bufferedKeys()).isEqualTo(2);
    }

    @Test
    void aRowAtTheEndOfTheIntervalStillMatchesWhenTheWatermarkReachesIt() {
        // Left a@100 can meet right rows up to 110; W = 110 still admits a right row at 110.
        IntervalJoinOperator j = join(JoinType.INNER, -10, 10, 0);
        feed(j.left(), l("a", 1, 100), l("z", 2, 110));
        feed(j.right(), r("z", "w", 110));
        assertThat(j.leftBuffered()).isEqualTo(2);

        assertThat(feed(j.right(), r("a", "x", 110))).containsExactly("a,1,a,x@110");
        feed(j.right(), r("z", "w", 111));
        feed(j.left(), l("z", 3, 111));
        assertThat(j.leftBuffered()).as("W = 111 passes 110").isEqualTo(2);
        assertThat(late).isZero();
    }

    @Test
    void negativeBoundsJoinRightRowsThatComeBefore() {
        // The right row must be 5 to 20 ms before the left row.
        IntervalJoinOperator j = join(JoinType.LEFT, -20, -5, 0);
        feed(j.right(), r("a", "early", 75), r("a", "x", 85), r("a", "y", 94), r("a", "close", 97));
        List<String> out = feed(j.left(), l("a", 1, 100), l("b", 2, 100));

        assertThat(out).containsExactly("a,1,a,x@100", "a,1,a,y@100", "b,2,,@100");
        // With upper < 0 a left row can meet no later right row: both expire as soon as W = 100.
        assertThat(j.leftBuffered()).isZero();
        assertThat(late).isZero();
    }

    @Test
    void positiveLowerBoundKeepsOnTimeRightRowsThatStillHavePartners() {
        // Right 5 to 10 ms after left; the right row at 8 arrives when W = 7 and still meets left@0.
        IntervalJoinOperator j = join(JoinType.INNER, 5, 10, 0);
        feed(j.left(), l("a", 1, 0));
        List<String> out = new ArrayList<>(feed(j.right(), r("a", "x", 7)));
        out.addAll(feed(j.right(), r("a", "y", 8)));
        out.addAll(feed(j.right(), r("a", "z", 11)));

        assertThat(out).containsExactly("a,1,a,x@7", "a,1,a,y@8");
        assertThat(late).isZero();
    }

    @Test
    void rowsBehindTheWatermarkAreLateCountedAndDropped() {
        IntervalJoinOperator j = join(JoinType.FULL, -10, 10, 0);
        List<String> out = new ArrayList<>();
        out.addAll(feed(j.left(), l("a", 1, 100)));
        out.addAll(feed(j.right(), r("a", "x", 100)));
        out.addAll(feed(j.left(), l("a", 2, 99)));
        out.addAll(feed(j.right(), r("a", "y", 95)));
        out.addAll(finish(j.left()));
        out.addAll(finish(j.right()));

        assertThat(out).containsExactly("a,1,a,x@100");
        assertThat(late).isEqualTo(2);
    }

    @Test
    void theWatermarkWaitsForBothSides() {
        // The whole left input comes first: nothing the right side brings later is late.
        IntervalJoinOperator j = join(JoinType.INNER, -10, 10, 0);
        feed(j.left(), l("a", 1, 100), l("a", 2, 500));
        List<String> out = feed(j.right(), r("a", "x", 105), r("a", "y", 495));

        assertThat(out).containsExactly("a,1,a,x@105", "a,2,a,y@500");
        assertThat(late).isZero();
    }

    @Test
    void anEmptySideThatEndsReleasesTheOtherSidesRows() {
        IntervalJoinOperator j = join(JoinType.LEFT, -10, 10, 0);
        List<String> out = new ArrayList<>(feed(j.left(), l("a", 1, 100), l("a", 2, 200)));
        out.addAll(finish(j.right()));

        assertThat(out).containsExactly("a,1,,@100");
        assertThat(j.leftBuffered()).isEqualTo(1);
        assertThat(finish(j.left())).containsExactly("a,2,,@200");
    }

    @Test
    void aSideThatEndedStopsHoldingTheWatermark() {
        IntervalJoinOperator j = join(JoinType.FULL, -10, 10, 0);
        feed(j.left(), l("a", 1, 100));
        assertThat(finish(j.left())).isEmpty();

        // Only the right side moves time now: W = 300 expires both sides' rows.
        assertThat(feed(j.right(), r("b", "x", 100), r("c", "y", 300))).containsExactly("a,1,,@100", ",,b,x@100");
        assertThat(j.rightBuffered()).isEqualTo(1);
        assertThat(finish(j.right())).containsExactly(",,c,y@300");
    }

    @Test
    void nullKeysNeverMatchAndOuterRowsWithThemAreEmittedAtOnce() {
        IntervalJoinOperator j = join(JoinType.FULL, -10, 10, 0);
        List<String> out = new ArrayList<>(feed(j.left(), l(null, 1, 100)));
        out.addAll(feed(j.right(), r(null, "x", 100)));

        assertThat(out).containsExactly(",1,,@100", ",,,x@100");
        assertThat(j.leftBuffered() + j.rightBuffered()).isZero();

        IntervalJoinOperator inner = join(JoinType.INNER, -10, 10, 0);
        feed(inner.left(), l(null, 1, 100));
        assertThat(feed(inner.right(), r(null, "x", 100))).isEmpty();
    }

    @Test
    void compoundKeysCompareByValueAcrossNumericTypes() {
        Evaluator[] leftKey = {row -> row.in.value(0), row -> row.in.value(1)};
        Evaluator[] rightKey = {row -> row.in.value(0), row -> row.in.value(1)};
        IntervalJoinOperator j = join(JoinType.INNER, leftKey, rightKey, -10, 10, 0);
        feed(j.left(), l("a", 1L, 100), l("a", Decimal.parse("2.5"), 100));
        List<String> out = feed(j.right(), r("a", Decimal.parse("1.00"), 100), r("a", 2.5, 101), r("a", 1.0, 102),
                r("b", 1L, 103), r("a", 3L, 104));

        assertThat(out).containsExactly("a,1,a,1.00@100", "a,2.5,a,2.5@101", "a,1,a,1.0@102");
    }

    @Test
    void aFailingKeyIsARecordError() {
        Evaluator[] failing = {row -> {
            throw new ValueException("bad key");
        }};
        IntervalJoinOperator j = join(JoinType.FULL, failing, KEY, -10, 10, 0);

        assertThat(feed(j.left(), l("a", 1, 100))).isEmpty();
        assertThat(errors).extracting(RecordError::message).containsExactly("bad key");
        assertThat(j.leftBuffered()).isZero();
    }

    @Test
    void boundsMustBeOrdered() {
        assertThatThrownBy(() -> join(JoinType.INNER, 10, -10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower bound 10 ms");
    }

    @Test
    void stateStaysBoundedOverAHundredThousandRowsWithMovingTime() {
        IntervalJoinOperator j = join(JoinType.FULL, -50, 50, 10);
        long matched = 0;
        long unmatched = 0;
        int maxBuffered = 0;
        List<StreamRecord> out = new ArrayList<>();
        for (int batch = 0; batch < 100; batch++) {
            List<StreamRecord> lefts = new ArrayList<>();
            List<StreamRecord> rights = new ArrayList<>();
            for (int i = batch * 1000; i < (batch + 1) * 1000; i++) {
                // Key i % 100 recurs every 100 ms, beyond the 50 ms bound: each row has one partner,
                // except every 10th right row, whose key is unique.
                lefts.add(l((long) (i % 100), (long) i, i));
                rights.add(r(i % 10 == 0 ? (Object) ("u" + i) : (Object) (long) (i % 100), (long) i, i));
            }
            out.clear();
            j.left().process(lefts, out);
            j.right().process(rights, out);
            for (StreamRecord x : out) {
                if (x.value(0) != null && x.value(2) != null) {
                    assertThat(x.value(1)).isEqualTo(x.value(3));
                    matched++;
                } else {
                    unmatched++;
                }
            }
            maxBuffered = Math.max(maxBuffered, Math.max(j.leftBuffered(), j.rightBuffered()));
        }
        out.clear();
        j.left().finish(out);
        j.right().finish(out);
        unmatched += out.size();

        assertThat(matched).isEqualTo(90_000);
        assertThat(unmatched).isEqualTo(20_000);
        // A batch of one side plus the bound and the out-of-orderness, never the whole input.
        assertThat(maxBuffered).isLessThanOrEqualTo(1000 + 50 + 10 + 1);
        assertThat(late).isZero();
        assertBuffersEmpty(j);
    }

    static void assertBuffersEmpty(IntervalJoinOperator j) {
        assertThat(j.leftBuffered()).isZero();
        assertThat(j.rightBuffered()).isZero();
        assertThat(j.bufferedKeys()).isZero();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
