package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryPlannerTest {
    static final Schema ORDERS = Schema.of(
            List.of("id", "region", "product", "amount", "price", "flag", "note", "ts", "s"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.STRING, SqlType.INTEGER, SqlType.DECIMAL,
                    SqlType.BOOLEAN, SqlType.STRING, SqlType.TIMESTAMP, SqlType.STRING));
    static final Headers HEADERS = Headers.of("traceparent", "00-abc-01", "source", "test");

    static StreamRecord order(long id, String region, long amount, String price, Object s) {
        Object[] values = {id, region, "Widget", amount, price == null ? null : Decimal.parse(price), id % 2 == 0,
                null, Instant.ofEpochMilli(5_000 + id), s};
        return new StreamRecord(ORDERS, values, "k" + id, 1_000 + id, 2_000 + id, "orders", 3, 100 + id, HEADERS);
    }

    static StreamRecord order(long id) {
        return order(id, "US", id * 10, "123.40", "1");
    }

    static List<StreamRecord> run(Operator op, List<StreamRecord> in) {
        List<StreamRecord> out = new ArrayList<>();
        op.process(in, out);
        return out;
    }

    static List<Object> column(List<StreamRecord> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }

    @Test
    void selectStarPassesTheVerySameRecordThrough() {
        Plans p = Plans.ok("SELECT * FROM orders WHERE amount > 15", ORDERS, false);
        StreamRecord a = order(1).withKey(null);
        StreamRecord b = order(2).withKey(null);
        List<StreamRecord> out = run(p.planned.operator(), List.of(a, b));
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isSameAs(b);
    }

    @Test
    void selectStarOfAKeyedRecordHasNoKeyWithoutPrimaryKey() {
        Plans p = Plans.ok("SELECT * FROM orders", ORDERS, false);
        StreamRecord keyed = order(1).withKey("k1");
        StreamRecord out = run(p.planned.operator(), List.of(keyed)).get(0);
        assertThat(out.key()).isNull();
        assertThat(out.value(0)).isSameAs(keyed.value(0));
        assertThat(out.headers()).isSameAs(keyed.headers());
        assertThat(p.planned.outputSchema().names()).containsExactlyElementsOf(ORDERS.names());
    }

    @Test
    void whereKeepsOnlyTrueRows() {
        Plans p = Plans.ok("SELECT id FROM orders WHERE note = 'x' OR amount > 15", ORDERS, false);
        // note is NULL: UNKNOWN OR FALSE is UNKNOWN for id 1, TRUE for id 2
        List<StreamRecord> out = run(p.planned.operator(), List.of(order(1), order(2)));
        assertThat(column(out, "id")).containsExactly(2L);
    }

    @Test
    void laterItemsReuseEarlierAliases() {
        Plans p = Plans.ok("SELECT amount * 2 AS dbl, dbl + 1 AS inc, inc * dbl prod FROM orders", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(), List.of(order(1), order(3)));
        assertThat(p.planned.outputSchema().names()).containsExactly("dbl", "inc", "prod");
        assertThat(p.planned.outputSchema().type(0)).isEqualTo(SqlType.INTEGER);
        assertThat(column(out, "dbl")).containsExactly(20L, 60L);
        assertThat(column(out, "inc")).containsExactly(21L, 61L);
        assertThat(column(out, "prod")).containsExactly(420L, 3660L);
    }

    @Test
    void aliasesAreNotVisibleInWhere() {
        Plans p = Plans.plan("SELECT amount * 2 AS dbl FROM orders WHERE dbl > 1", ORDERS, false);
        assertThat(p.diagnostics.errors()).extracting(SqlError::message)
                .singleElement().asString().startsWith("unknown column 'dbl'");
        assertThat(p.diagnostics.errors().get(0).column()).isEqualTo(44);
    }

    @Test
    void primaryKeySingle() {
        Plans p = Plans.ok("SELECT id PRIMARY KEY, amount FROM orders", ORDERS, false);
        StreamRecord out = run(p.planned.operator(), List.of(order(42))).get(0);
        assertThat(out.key()).isEqualTo("42");
        assertThat(column(List.of(out), "id")).containsExactly(42L); // key columns stay in the value
    }

    @Test
    void primaryKeyCompoundFollowsTheKeyStringRules() {
        Plans p = Plans.ok("SELECT region PRIMARY KEY, product AS p PRIMARY KEY, price PRIMARY KEY, flag PRIMARY KEY,"
                + " note PRIMARY KEY, id PRIMARY KEY FROM orders", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(), List.of(order(2, "US", 5, "123.40", "1"),
                order(3, "EU", 5, "100.00", "1")));
        assertThat(out).extracting(StreamRecord::key).containsExactly("US|Widget|123.4|true||2", "EU|Widget|100|false||3");
    }

    @Test
    void withoutPrimaryKeyAProjectionHasNoKey() {
        Plans p = Plans.ok("SELECT id FROM orders", ORDERS, false);
        assertThat(run(p.planned.operator(), List.of(order(1))).get(0).key()).isNull();
    }

    @Test
    void eventTimeAliasSetsTheEventTimeAndIsNotAColumn() {
        Plans p = Plans.ok("SELECT id, ts AS _event_time, amount FROM orders", ORDERS, false);
        StreamRecord in = order(7);
        StreamRecord out = run(p.planned.operator(), List.of(in)).get(0);
        assertThat(p.planned.outputSchema().names()).containsExactly("id", "amount");
        assertThat(out.eventTime()).isEqualTo(5_007L);
        assertThat(out.timestamp()).isEqualTo(in.timestamp());
        assertThat(out.get("id")).isEqualTo(7L);
        assertThat(out.get("amount")).isEqualTo(70L);

        Plans q = Plans.ok("SELECT id, amount * 1000 AS _EVENT_TIME FROM orders", ORDERS, false);
        assertThat(run(q.planned.operator(), List.of(in)).get(0).eventTime()).isEqualTo(70_000L);
    }

    @Test
    void aValueErrorGoesToTheHandlerAndTheBatchGoesOn() {
        Plans p = Plans.ok("SELECT id, CAST(s AS INTEGER) AS n FROM orders", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(),
                List.of(order(1, "US", 1, "1.0", "10"), order(2, "US", 1, "1.0", "oops"), order(3, "US", 1, "1.0", "30")));
        assertThat(column(out, "n")).containsExactly(10L, 30L);
        assertThat(p.recordErrors).hasSize(1);
        RecordError e = p.recordErrors.get(0);
        assertThat(e.position()).hasToString("orders-3@102");
        assertThat(e.source()).isEqualTo("orders");
        assertThat(e.message()).contains("oops");
    }

    @Test
    void divisionByZeroCountsWarnings() {
        Plans p = Plans.ok("SELECT amount / (id - 1) AS q FROM orders", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(), List.of(order(1), order(2)));
        assertThat(column(out, "q")).containsExactly(null, 20L);
        assertThat(p.planned.select().warnings()).isEqualTo(1);
    }

    @Test
    void headersPropagateUnchangedWhenNotTouched() {
        Plans p = Plans.ok("SELECT id, HEADER('source') AS src FROM orders", ORDERS, false);
        StreamRecord out = run(p.planned.operator(), List.of(order(1))).get(0);
        assertThat(out.headers()).isSameAs(HEADERS);
        assertThat(out.get("src")).isEqualTo("test");
    }

    @Test
    void setHeaderChangesOnlyTheOutputRecord() {
        Plans p = Plans.ok("SELECT id, SET_HEADER('seen', 'yes') AS a, HEADER('seen') AS b, REMOVE_HEADER('source') AS c"
                + " FROM orders", ORDERS, false);
        StreamRecord in = order(1);
        StreamRecord out = run(p.planned.operator(), List.of(in)).get(0);
        assertThat(out.get("a")).isEqualTo("yes");
        assertThat(out.get("b")).isEqualTo("yes");
        assertThat(out.get("c")).isEqualTo("test");
        assertThat(out.headers().keys()).containsExactly("traceparent", "seen");
        assertThat(in.headers()).isSameAs(HEADERS);
        assertThat(HEADERS.keys()).containsExactly("traceparent", "source");
        // the next record starts from its own headers again
        StreamRecord next = run(p.planned.operator(), List.of(order(2))).get(0);
        assertThat(next.get("c")).isEqualTo("test");
    }

    @Test
    void projectionKeepsMetadata() {
        Plans p = Plans.ok("SELECT id FROM orders", ORDERS, false);
        StreamRecord in = order(4);
        StreamRecord out = run(p.planned.operator(), List.of(in)).get(0);
        assertThat(Arrays.asList(out.timestamp(), out.eventTime(), out.offset(), (long) out.partition()))
                .containsExactly(in.timestamp(), in.eventTime(), in.offset(), (long) in.partition());
        assertThat(out.topic()).isEqualTo("orders");
    }

    @Test
    void systemColumnsAreReadableButNotPartOfStar() {
        Plans p = Plans.ok("SELECT *, _timestamp AS ts0, _EVENT_TIME AS et, _offset AS o, _partition AS pa,"
                + " _Topic AS tp, _key AS k FROM orders", ORDERS, false);
        StreamRecord out = run(p.planned.operator(), List.of(order(5))).get(0);
        List<String> names = p.planned.outputSchema().names();
        assertThat(names.subList(0, ORDERS.size())).containsExactlyElementsOf(ORDERS.names());
        assertThat(names.subList(ORDERS.size(), names.size())).containsExactly("ts0", "et", "o", "pa", "tp", "k");
        assertThat(Arrays.asList(out.get("ts0"), out.get("et"), out.get("o"), out.get("pa"), out.get("tp"), out.get("k")))
                .containsExactly(1_005L, 2_005L, 105L, 3L, "orders", "k5");
    }

    @Test
    void systemColumnsInWhere() {
        Plans p = Plans.ok("SELECT id FROM orders o WHERE _partition = 3 AND o._offset > 101", ORDERS, false);
        assertThat(column(run(p.planned.operator(), List.of(order(1), order(2))), "id")).containsExactly(2L);
    }

    @Test
    void windowColumnsOutsideAWindowAreAnError() {
        Plans p = Plans.plan("SELECT id,\n  _window_start AS ws FROM orders", ORDERS, false);
        assertThat(p.diagnostics.errors()).hasSize(1);
        SqlError e = p.diagnostics.errors().get(0);
        assertThat(e.message()).isEqualTo("_window_start exists only in windowed queries (WINDOW …)");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
    }

    @Test
    void unknownColumnNamesTheColumns() {
        Plans p = Plans.plan("SELECT amout FROM orders", ORDERS, false);
        SqlError e = p.diagnostics.errors().get(0);
        assertThat(e.message()).isEqualTo("unknown column 'amout' (columns: " + String.join(", ", ORDERS.names()) + ")");
        assertThat(e.column()).isEqualTo(8);
    }

    @Test
    void nonBooleanWhereIsAnError() {
        Plans p = Plans.plan("SELECT id FROM orders WHERE amount + 1", ORDERS, false);
        assertThat(p.diagnostics.errors()).extracting(SqlError::message)
                .containsExactly("WHERE needs a BOOLEAN condition, got INTEGER");
        assertThat(p.diagnostics.errors().get(0).column()).isEqualTo(29);
    }

    @Test
    void columnNamesMatchCaseInsensitively() {
        Plans p = Plans.ok("SELECT AMOUNT, Orders.ID FROM orders", ORDERS, false);
        assertThat(p.planned.outputSchema().names()).containsExactly("AMOUNT", "ID");
        StreamRecord out = run(p.planned.operator(), List.of(order(2))).get(0);
        assertThat(out.value(0)).isEqualTo(20L);
        assertThat(out.value(1)).isEqualTo(2L);
    }

    @Test
    void openSchemaStarFollowsTheGrowingInput() {
        Schema open = Schema.open();
        open.add("a", SqlType.ANY);
        Plans p = Plans.ok("SELECT *, b AS bb FROM src", open, false);
        StreamRecord r1 = StreamRecord.of(open, 0L, 1L, 2L);
        assertThat(open.names()).containsExactly("a", "b");
        StreamRecord out = run(p.planned.operator(), List.of(r1)).get(0);
        assertThat(p.planned.outputSchema().names()).containsExactly("a", "b", "bb");
        assertThat(out.get("bb")).isEqualTo(2L);
        open.add("c", SqlType.ANY);
        StreamRecord r2 = StreamRecord.of(open, 0L, 1L, null, 3L);
        StreamRecord out2 = run(p.planned.operator(), List.of(r2)).get(0);
        assertThat(out2.schema().names()).containsExactly("a", "b", "c", "bb");
        assertThat(out2.get("c")).isEqualTo(3L);
        assertThat(out2.get("bb")).isNull();
    }

    @Test
    void distinctEvictsTheOldestBeyondItsBound() {
        Plans p = Plans.plan("SELECT DISTINCT region FROM orders", ORDERS, false, 2);
        assertThat(p.diagnostics.errors()).isEmpty();
        List<StreamRecord> in = new ArrayList<>();
        for (String r : List.of("a", "b", "a", "c", "a", "c")) {
            in.add(order(1, r, 1, "1.0", "1"));
        }
        // a, b, (a seen), c evicts a, a again (evicts b), c still remembered
        assertThat(column(run(p.planned.operator(), in), "region")).containsExactly("a", "b", "c", "a");
    }

    @Test
    void orderByThenLimitOnBoundedInputReturnsTheTopN() {
        Plans p = Plans.ok("SELECT id, amount FROM orders ORDER BY amount DESC LIMIT 2", ORDERS, true);
        Operator op = p.planned.operator();
        assertThat(run(op, List.of(order(3), order(9), order(1)))).isEmpty();
        assertThat(run(op, List.of(order(7), order(4)))).isEmpty();
        assertThat(op.done()).isFalse();
        List<StreamRecord> out = new ArrayList<>();
        op.finish(out);
        assertThat(column(out, "id")).containsExactly(9L, 7L);
        assertThat(op.done()).isTrue();
    }

    @Test
    void orderByOnUnboundedInputSortsEachBatch() {
        Plans p = Plans.ok("SELECT id FROM orders ORDER BY amount", ORDERS, false);
        Operator op = p.planned.operator();
        assertThat(column(run(op, List.of(order(3), order(1), order(2))), "id")).containsExactly(1L, 2L, 3L);
        assertThat(column(run(op, List.of(order(0), order(5))), "id")).containsExactly(0L, 5L);
        // hidden sort key (amount is not selected) is dropped from the output
        List<StreamRecord> out = run(op, List.of(order(6)));
        assertThat(out.get(0).width()).isEqualTo(1);
        assertThat(out.get(0).schema().names()).containsExactly("id");
        List<StreamRecord> rest = new ArrayList<>();
        op.finish(rest);
        assertThat(rest).isEmpty();
    }

    @Test
    void orderBySelectStarKeepsPassThroughRecords() {
        Plans p = Plans.ok("SELECT * FROM orders ORDER BY id DESC", ORDERS, false);
        StreamRecord a = order(1).withKey(null);
        StreamRecord b = order(2).withKey(null);
        List<StreamRecord> out = run(p.planned.operator(), List.of(a, b));
        assertThat(out.get(0)).isSameAs(b);
        assertThat(out.get(1)).isSameAs(a);
    }

    @Test
    void orderByPositionAndAlias() {
        Plans p = Plans.ok("SELECT id, amount * -1 AS neg FROM orders ORDER BY neg, 1", ORDERS, false);
        assertThat(column(run(p.planned.operator(), List.of(order(1), order(3), order(2))), "id"))
                .containsExactly(3L, 2L, 1L);
        Plans bad = Plans.plan("SELECT id FROM orders ORDER BY 2", ORDERS, false);
        assertThat(bad.diagnostics.errors()).extracting(SqlError::message)
                .containsExactly("ORDER BY position 2 is not in the select list (1..1)");
    }

    @Test
    void orderByAnExpressionOverStarUsesAHiddenKey() {
        Plans p = Plans.ok("SELECT * FROM orders ORDER BY amount * -1", ORDERS, true);
        Operator op = p.planned.operator();
        run(op, List.of(order(1), order(3), order(2)));
        List<StreamRecord> out = new ArrayList<>();
        op.finish(out);
        assertThat(column(out, "id")).containsExactly(3L, 2L, 1L);
        assertThat(out).allSatisfy(r -> assertThat(r.width()).isEqualTo(ORDERS.size()));
        // docs/sql.md#output-key: without PRIMARY KEY a projected record has no key (only the pass-through keeps the input's)
        assertThat(out.get(0).key()).isNull();
    }

    @Test
    void distinctThenOrderByThenLimitOnBoundedInput() {
        Plans p = Plans.ok("SELECT DISTINCT region FROM orders ORDER BY region DESC LIMIT 2", ORDERS, true);
        Operator op = p.planned.operator();
        run(op, List.of(order(1, "EU", 1, "1", "1"), order(2, "US", 1, "1", "1"), order(3, "EU", 1, "1", "1"),
                order(4, "APAC", 1, "1", "1")));
        List<StreamRecord> out = new ArrayList<>();
        op.finish(out);
        assertThat(column(out, "region")).containsExactly("US", "EU");
    }

    @Test
    void orderByWithNullsFirstOverride() {
        Plans p = Plans.ok("SELECT id, price FROM orders ORDER BY price DESC NULLS FIRST", ORDERS, false);
        List<StreamRecord> out = run(p.planned.operator(),
                List.of(order(1, "US", 1, "1.5", "1"), order(2, "US", 1, null, "1"), order(3, "US", 1, "10", "1")));
        assertThat(column(out, "id")).containsExactly(2L, 3L, 1L);
    }

    @Test
    void limitCapsWhatTheJobEverEmits() {
        Plans p = Plans.ok("SELECT id FROM orders LIMIT 3", ORDERS, false);
        Operator op = p.planned.operator();
        assertThat(column(run(op, List.of(order(1), order(2))), "id")).containsExactly(1L, 2L);
        assertThat(op.done()).isFalse();
        assertThat(column(run(op, List.of(order(3), order(4))), "id")).containsExactly(3L);
        assertThat(op.done()).isTrue();
        assertThat(run(op, List.of(order(5)))).isEmpty();
    }

    @Test
    void notYetSupportedClausesAreReportedTogether() {
        Plans p = Plans.plan("SELECT o.id FROM orders o JOIN customers c ON o.id = c.id WHERE id IN (SELECT id FROM t)",
                ORDERS, false);
        assertThat(p.diagnostics.errors()).extracting(SqlError::message)
                .anyMatch(m -> m.startsWith("unknown table or stream 'customers'"))
                .anyMatch(m -> m.equals("IN (subquery) is not supported yet"));
    }
}
