package io.velostream.engine.internal.exec.op;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorsTest {
    static final Schema KV = Schema.of(List.of("k", "v"), List.of(SqlType.ANY, SqlType.INTEGER));

    static StreamRecord rec(Object k, Object v) {
        return StreamRecord.of(KV, 0L, k, v);
    }

    static List<StreamRecord> recs(Object... kv) {
        List<StreamRecord> list = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            list.add(rec(kv[i], kv[i + 1]));
        }
        return list;
    }

    static List<StreamRecord> process(Operator op, List<StreamRecord> in) {
        List<StreamRecord> out = new ArrayList<>();
        op.process(in, out);
        return out;
    }

    static List<StreamRecord> finish(Operator op) {
        List<StreamRecord> out = new ArrayList<>();
        op.finish(out);
        return out;
    }

    static List<Object> col(List<StreamRecord> rows, int slot) {
        return rows.stream().map(r -> r.value(slot)).toList();
    }

    @Test
    void distinctDropsRepeatsAndPassesRecordsByReference() {
        DistinctOperator d = new DistinctOperator(100);
        List<StreamRecord> in = recs("a", 1L, "a", 1L, "a", 2L, "b", 1L);
        List<StreamRecord> out = process(d, in);
        assertThat(out).containsExactly(in.get(0), in.get(2), in.get(3));
        assertThat(process(d, recs("a", 1L, "c", 3L))).extracting(r -> r.value(0)).containsExactly("c");
    }

    @Test
    void distinctIsBoundedAndEvictsTheOldest() {
        DistinctOperator d = new DistinctOperator(2);
        List<StreamRecord> out = process(d, recs("a", 1L, "b", 1L, "c", 1L, "a", 1L));
        // a was evicted when c came, so the second a is emitted again
        assertThat(col(out, 0)).containsExactly("a", "b", "c", "a");
        // now c and a are remembered, b was evicted
        assertThat(col(process(d, recs("c", 1L, "a", 1L, "b", 1L)), 0)).containsExactly("b");
    }

    @Test
    void distinctComparesDecimalsByValue() {
        DistinctOperator d = new DistinctOperator(10);
        List<StreamRecord> out = process(d, recs(Decimal.parse("1.50"), 1L, Decimal.parse("1.5"), 1L, null, 1L, null, 1L));
        assertThat(out).hasSize(2);
    }

    @Test
    void boundedSortEmitsEverythingSortedAtFinishNullsFirstAscending() {
        SortOperator s = new SortOperator(List.of(new SortOperator.Key(1, false, false, true)), true, false);
        assertThat(process(s, recs("a", 3L, "b", null, "c", 1L))).isEmpty();
        assertThat(process(s, recs("d", 2L, "e", 1L, "f", null))).isEmpty();
        List<StreamRecord> out = finish(s);
        assertThat(col(out, 0)).containsExactly("b", "f", "c", "e", "d", "a"); // stable: c before e, b before f
        assertThat(finish(s)).isEmpty();
    }

    @Test
    void descendingPutsNullsLast() {
        SortOperator s = new SortOperator(List.of(new SortOperator.Key(1, false, true, false)), true, false);
        process(s, recs("a", 3L, "b", null, "c", 1L, "d", 3L, "e", Decimal.parse("2.5")));
        assertThat(col(finish(s), 0)).containsExactly("a", "d", "e", "c", "b");
    }

    @Test
    void secondKeyBreaksTies() {
        SortOperator s = new SortOperator(List.of(new SortOperator.Key(1, false, false, true),
                new SortOperator.Key(0, false, true, false)), true, false);
        process(s, recs("a", 1L, "b", 1L, "c", 0L));
        assertThat(col(finish(s), 0)).containsExactly("c", "b", "a");
    }

    @Test
    void unboundedSortSortsEachBatch() {
        SortOperator s = new SortOperator(List.of(new SortOperator.Key(1, false, false, true)), false, false);
        assertThat(col(process(s, recs("a", 3L, "b", 1L)), 0)).containsExactly("b", "a");
        assertThat(col(process(s, recs("c", 0L)), 0)).containsExactly("c");
        assertThat(finish(s)).isEmpty();
    }

    @Test
    void hiddenSortKeysAreTrimmed() {
        Schema one = Schema.of(List.of("k"), List.of(SqlType.STRING));
        // k visible, one hidden key after it
        StreamRecord a = StreamRecord.of(one, 0L, "a", 2L);
        StreamRecord b = StreamRecord.of(one, 0L, "b", 1L);
        SortOperator s = new SortOperator(List.of(new SortOperator.Key(0, true, false, true)), false, true);
        List<StreamRecord> out = process(s, List.of(a, b));
        assertThat(col(out, 0)).containsExactly("b", "a");
        assertThat(out).allSatisfy(r -> assertThat(r.width()).isEqualTo(1));
    }

    @Test
    void limitStopsAfterN() {
        LimitOperator l = new LimitOperator(3);
        assertThat(l.done()).isFalse();
        assertThat(col(process(l, recs("a", 1L, "b", 2L)), 0)).containsExactly("a", "b");
        assertThat(l.done()).isFalse();
        assertThat(col(process(l, recs("c", 1L, "d", 2L)), 0)).containsExactly("c");
        assertThat(l.done()).isTrue();
        assertThat(process(l, recs("e", 1L))).isEmpty();
    }

    @Test
    void limitZeroIsDoneAtOnce() {
        LimitOperator l = new LimitOperator(0);
        assertThat(l.done()).isTrue();
        assertThat(process(l, recs("a", 1L))).isEmpty();
    }

    @Test
    void chainFinishPassesHeldRowsThroughLaterOperators() {
        Operator chain = Chain.of(List.of(
                new SortOperator(List.of(new SortOperator.Key(1, false, true, false)), true, false),
                new LimitOperator(2)));
        assertThat(process(chain, recs("a", 1L, "b", 5L))).isEmpty();
        assertThat(process(chain, recs("c", 3L, "d", 9L))).isEmpty();
        assertThat(chain.done()).isFalse();
        assertThat(col(finish(chain), 0)).containsExactly("d", "b");
        assertThat(chain.done()).isTrue();
    }

    @Test
    void chainRunsOperatorsInOrderAcrossBatches() {
        Operator chain = Chain.of(List.of(new DistinctOperator(10), new LimitOperator(3)));
        assertThat(col(process(chain, recs("a", 1L, "a", 1L, "b", 1L)), 0)).containsExactly("a", "b");
        assertThat(col(process(chain, recs("b", 1L, "c", 1L, "d", 1L)), 0)).containsExactly("c");
        assertThat(chain.done()).isTrue();
    }

    @Test
    void emptyAndSingleChains() {
        List<StreamRecord> in = recs("a", 1L);
        assertThat(process(Chain.of(List.of()), in)).containsExactlyElementsOf(in);
        LimitOperator l = new LimitOperator(1);
        assertThat(Chain.of(List.of(l))).isSameAs(l);
    }
}
