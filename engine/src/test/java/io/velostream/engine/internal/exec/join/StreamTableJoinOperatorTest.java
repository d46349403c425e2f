package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.table.TableLoader;
import io.velostream.engine.internal.exec.state.InMemoryKeyValueStore;
import io.velostream.engine.internal.exec.state.KeyValueStore;
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
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTableJoinOperatorTest {
    static final Schema ORDERS = Schema.of("id", "region", "product", "qty");
    static final Schema PRODUCTS = Schema.of("region", "name", "price");
    static final Schema JOINED = Schema.of("id", "region", "product", "qty", "p_region", "name", "price");

    final List<RecordError> errors = new ArrayList<>();

    static Evaluator slot(int s) {
        return row -> row.in.value(s);
    }

    static StreamRecord order(Object... values) {
        return new StreamRecord(ORDERS, values, "k" + values[0], 10L, 20L, "orders", 3, 42L, Headers.of("trace", "t" + values[0]));
    }

    static List<String> show(List<StreamRecord> rows) {
        List<String> s = new ArrayList<>();
        for (StreamRecord r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.schema().size(); i++) {
                b.append(i == 0 ? "" : ",").append(Values.toDisplayString(r.value(i)));
            }
            s.add(b.toString());
        }
        return s;
    }

    /** A store that fails on iteration: the join must look rows up, never scan. */
    static TableStore unscannable(String name, Schema schema) {
        KeyValueStore<String, StreamRecord> inner = new InMemoryKeyValueStore<>();
        KeyValueStore<String, StreamRecord> noScan = new KeyValueStore<>() {
            public StreamRecord get(String key) { return inner.get(key); }
            public void put(String key, StreamRecord value) { inner.put(key, value); }
            public StreamRecord remove(String key) { return inner.remove(key); }
            public void changed(String key, StreamRecord value) { inner.changed(key, value); }
            public int size() { return inner.size(); }
            public void forEach(BiConsumer<? super String, ? super StreamRecord> action) {
                throw new AssertionError("table scanned");
            }
            public void clear() { inner.clear(); }
        };
        return new TableStore(name, schema, noScan);
    }

    List<String> run(StreamTableJoinOperator op, StreamRecord... in) {
        List<StreamRecord> out = new ArrayList<>();
        op.process(List.of(in), out);
        return show(out);
    }

    @Test
    void innerDropsMissesAndSeesTheLatestTableRow() {
        TableStore products = unscannable("products", PRODUCTS);
        TableLoader loader = new TableLoader(products, new int[] {1});
        loader.apply(List.of(StreamRecord.of(PRODUCTS, 0, "US", "Widget", 5L)));
        StreamTableJoinOperator op = new StreamTableJoinOperator(new Evaluator[] {slot(2)}, products, false, JOINED, 4, errors::add);

        assertThat(run(op, order(1L, "US", "Widget", 2L), order(2L, "US", "Gadget", 1L)))
                .containsExactly("1,US,Widget,2,US,Widget,5");
        loader.apply(List.of(StreamRecord.of(PRODUCTS, 0, "US", "Widget", 6L), StreamRecord.of(PRODUCTS, 0, "EU", "Gadget", 9L)));
        assertThat(run(op, order(3L, "US", "Widget", 1L), order(4L, "US", "Gadget", 7L)))
                .containsExactly("3,US,Widget,1,US,Widget,6", "4,US,Gadget,7,EU,Gadget,9");
        products.delete("Widget");
        assertThat(run(op, order(5L, "US", "Widget", 1L))).isEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void leftKeepsMissesWithNullTableColumnsAndTheStreamRecordsMetadata() {
        TableStore products = unscannable("products", PRODUCTS);
        products.upsert("Widget", StreamRecord.of(PRODUCTS, 0, "US", "Widget", 5L).withHeaders(Headers.of("trace", "table")));
        StreamTableJoinOperator op = new StreamTableJoinOperator(new Evaluator[] {slot(2)}, products, true, JOINED, 4, errors::add);
        List<StreamRecord> out = new ArrayList<>();
        op.process(List.of(order(1L, "US", "Gadget", 2L), order(2L, "US", "Widget", 3L)), out);

        assertThat(show(out)).containsExactly("1,US,Gadget,2,,,", "2,US,Widget,3,US,Widget,5");
        for (int i = 0; i < 2; i++) {
            StreamRecord r = out.get(i);
            assertThat(r.schema()).isSameAs(JOINED);
            assertThat(r.key()).isEqualTo("k" + (i + 1));
            assertThat(r.headers()).isEqualTo(Headers.of("trace", "t" + (i + 1)));
            assertThat(r.timestamp()).isEqualTo(10L);
            assertThat(r.eventTime()).isEqualTo(20L);
            assertThat(r.position()).hasToString("orders-3@42");
        }
    }

    @Test
    void compoundKeysUseKeyStringsOfEachPart() {
        TableStore prices = new TableStore("prices", PRODUCTS);
        new TableLoader(prices, new int[] {0, 2}).apply(List.of(
                StreamRecord.of(PRODUCTS, 0, "US", "Widget", Decimal.parse("1.50")),
                StreamRecord.of(PRODUCTS, 0, "EU", "Widget", 2L)));
        // Stream key: region and qty; 1.5 finds the row loaded as 1.50, 2.00 the one loaded as 2.
        StreamTableJoinOperator op = new StreamTableJoinOperator(new Evaluator[] {slot(1), slot(3)}, prices, false, JOINED, 4, errors::add);

        assertThat(run(op, order(1L, "US", "x", Decimal.parse("1.5")), order(2L, "EU", "x", Decimal.parse("2.00")),
                order(3L, "EU", "x", 1L), order(4L, "US", "x", 2L)))
                .containsExactly("1,US,x,1.5,US,Widget,1.50", "2,EU,x,2.00,EU,Widget,2");
    }

    @Test
    void aNullKeyPartMatchesNothingNotEvenAnEmptyKey() {
        TableStore t = new TableStore("t", PRODUCTS);
        t.upsert("", StreamRecord.of(PRODUCTS, 0, null, "blank", 0L));
        t.upsert("US|", StreamRecord.of(PRODUCTS, 0, "US", null, 0L));
        StreamTableJoinOperator inner = new StreamTableJoinOperator(new Evaluator[] {slot(1), slot(2)}, t, false, JOINED, 4, errors::add);
        StreamTableJoinOperator left = new StreamTableJoinOperator(new Evaluator[] {slot(2)}, t, true, JOINED, 4, errors::add);

        assertThat(run(inner, order(1L, "US", null, 1L))).isEmpty();
        assertThat(run(left, order(2L, "US", null, 1L))).containsExactly("2,US,,1,,,");
    }

    @Test
    void aFailingKeyExpressionIsARecordError() {
        TableStore t = new TableStore("t", PRODUCTS);
        Evaluator failing = row -> {
            throw new ValueException("bad key");
        };
        StreamTableJoinOperator op = new StreamTableJoinOperator(new Evaluator[] {failing}, t, true, JOINED, 4, errors::add);

        assertThat(run(op, order(1L, "US", "x", 1L))).isEmpty();
        assertThat(errors).extracting(RecordError::message).containsExactly("bad key");
        assertThat(errors.get(0).position()).hasToString("orders-3@42");
    }

    @Test
    void onlyTheFirstStreamWidthValuesAreKept() {
        TableStore t = new TableStore("t", PRODUCTS);
        t.upsert("1", StreamRecord.of(PRODUCTS, 0, "US", "W", 5L));
        Schema joined = Schema.of("id", "region", "name", "price");
        StreamTableJoinOperator op = new StreamTableJoinOperator(new Evaluator[] {slot(0)}, t, false, joined, 1, errors::add);

        assertThat(run(op, order(1L, "US", "x", 9L))).containsExactly("1,US,W,5");
    }
}
