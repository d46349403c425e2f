package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.record.SqlType;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Expr.ColumnRef;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Query.JoinType;
import io.velostream.engine.internal.sql.ast.Query.Select;
import io.velostream.engine.internal.sql.ast.Query.Window;
import io.velostream.engine.internal.sql.ast.Query.WindowKind;
import io.velostream.engine.internal.sql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.velostream.engine.internal.sql.parse.SqlParser.parseStatement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StatementParseTest {

    private static Select select(String sql) {
        return (Select) parseStatement(sql).query();
    }

    @Test
    void createStreamAsSelectWithEmitAndWith() {
        Statement s = parseStatement("""
                CREATE STREAM big_orders AS
                SELECT id, amount FROM orders WHERE amount > 100
                EMIT CHANGES
                WITH ('orders.type' = 'kafka_source', 'big_orders.topic' = 'big', 'batch.size' = 100, mode = simple);""");
        assertThat(s.kind()).isEqualTo(Statement.Kind.CREATE_STREAM);
        assertThat(s.target()).isEqualTo("big_orders");
        assertThat(s.pos()).isEqualTo(new Position(1, 1));
        assertThat(s.with()).containsExactly(entry("orders.type", "kafka_source"), entry("big_orders.topic", "big"),
                entry("batch.size", "100"), entry("mode", "simple"));
        Select q = (Select) s.query();
        assertThat(q.pos()).isEqualTo(new Position(2, 1));
        assertThat(q.emit()).isEqualTo(Query.EmitMode.CHANGES);
        assertThat(q.with()).isEqualTo(s.with());
        assertThat(q.from()).isEqualTo(new Query.Source(new Position(2, 24), "orders", null, null));
        assertThat(s.text()).startsWith("CREATE STREAM big_orders AS\nSELECT").endsWith("mode = simple)");
    }

    @Test
    void createTableEmitFinal() {
        Statement s = parseStatement("create table totals as select region, SUM(amount) AS total from orders group by region emit final");
        assertThat(s.kind()).isEqualTo(Statement.Kind.CREATE_TABLE);
        assertThat(s.target()).isEqualTo("totals");
        assertThat(((Select) s.query()).emit()).isEqualTo(Query.EmitMode.FINAL);
        assertThat(s.with()).isEmpty();
    }

    @Test
    void bareSelectHasNoTarget() {
        Statement s = parseStatement("SELECT * FROM orders");
        assertThat(s.kind()).isEqualTo(Statement.Kind.SELECT);
        assertThat(s.target()).isNull();
        Select q = (Select) s.query();
        assertThat(q.items()).containsExactly(new Query.SelectItem(new Position(1, 8), true, null, null, null, false));
        assertThat(q.joins()).isEmpty();
        assertThat(q.groupBy()).isEmpty();
        assertThat(q.orderBy()).isEmpty();
        assertThat(q.where()).isNull();
        assertThat(q.window()).isNull();
        assertThat(q.emit()).isNull();
        assertThat(q.limit()).isNull();
        assertThat(q.with()).isEmpty();
    }

    @Test
    void selectIntoSinkWithProperties() {
        Statement s = parseStatement("SELECT id FROM orders INTO out_sink WITH (\"out_sink.type\" = 'file_sink', 'out_sink.path' = \"out.csv\")");
        assertThat(s.kind()).isEqualTo(Statement.Kind.SELECT);
        assertThat(s.target()).isEqualTo("out_sink");
        assertThat(((Select) s.query()).into()).isEqualTo("out_sink");
        assertThat(s.with()).containsExactly(entry("out_sink.type", "file_sink"), entry("out_sink.path", "out.csv"));
    }

    @Test
    void insertIntoSelect() {
        Statement s = parseStatement("INSERT INTO audit SELECT id, amount FROM orders WITH ('audit.type' = 'stdout')");
        assertThat(s.kind()).isEqualTo(Statement.Kind.INSERT_INTO);
        assertThat(s.target()).isEqualTo("audit");
        assertThat(s.with()).containsExactly(entry("audit.type", "stdout"));
        assertThat(((Select) s.query()).items()).hasSize(2);
    }

    @Test
    void unionAllOwnsTrailingClauses() {
        Statement s = parseStatement("""
                SELECT id FROM a WHERE x > 1
                UNION ALL SELECT id FROM b
                UNION ALL SELECT id FROM c
                EMIT CHANGES INTO merged WITH ('merged.type' = 'stdout')""");
        Query.UnionAll u = (Query.UnionAll) s.query();
        assertThat(u.branches()).extracting(b -> b.from().name()).containsExactly("a", "b", "c");
        assertThat(u.branches()).allSatisfy(b -> {
            assertThat(b.emit()).isNull();
            assertThat(b.into()).isNull();
            assertThat(b.with()).isEmpty();
        });
        assertThat(u.emit()).isEqualTo(Query.EmitMode.CHANGES);
        assertThat(u.into()).isEqualTo("merged");
        assertThat(s.target()).isEqualTo("merged");
        assertThat(s.with()).containsExactly(entry("merged.type", "stdout"));
    }

    @Test
    void selectItems() {
        Select q = select("SELECT DISTINCT o.*, amount * 2 AS dbl, dbl + 1 inc, id PRIMARY KEY, region AS r PRIMARY KEY, \"x\" AS \"Quoted Name\" FROM orders o");
        assertThat(q.distinct()).isTrue();
        List<Query.SelectItem> items = q.items();
        assertThat(items.get(0)).isEqualTo(new Query.SelectItem(new Position(1, 17), true, "o", null, null, false));
        assertThat(items.get(1).alias()).isEqualTo("dbl");
        assertThat(items.get(1).expr()).isInstanceOf(Expr.Binary.class);
        assertThat(items.get(2).alias()).isEqualTo("inc");
        assertThat(items.get(3)).isEqualTo(new Query.SelectItem(new Position(1, 54), false, null,
                new ColumnRef(new Position(1, 54), null, "id"), null, true));
        assertThat(items.get(4).alias()).isEqualTo("r");
        assertThat(items.get(4).primaryKey()).isTrue();
        assertThat(items.get(5).expr()).isEqualTo(new Expr.Literal(new Position(1, 95), "x", SqlType.STRING));
        assertThat(items.get(5).alias()).isEqualTo("Quoted Name");
        assertThat(q.from()).isEqualTo(new Query.Source(new Position(1, 121), "orders", "o", null));
    }

    @Test
    void wordsThatAreKeywordsElsewhereWorkAsNamesAndAliases() {
        Select q = select("SELECT key, value, timestamp, count(*) count, type AS session FROM stream t WHERE date > 0");
        assertThat(q.items()).extracting(Query.SelectItem::alias).containsExactly(null, null, null, "count", "session");
        assertThat(q.from()).isEqualTo(new Query.Source(new Position(1, 68), "stream", "t", null));
    }

    @ParameterizedTest
    @CsvSource({
            "JOIN, INNER", "INNER JOIN, INNER", "LEFT JOIN, LEFT", "LEFT OUTER JOIN, LEFT", "RIGHT JOIN, RIGHT",
            "right outer join, RIGHT", "FULL OUTER JOIN, FULL",
    })
    void joinTypes(String join, JoinType type) {
        Select q = select("SELECT * FROM orders o " + join + " customers c ON o.cid = c.id");
        assertThat(q.joins()).hasSize(1);
        Query.Join j = q.joins().get(0);
        assertThat(j.type()).isEqualTo(type);
        assertThat(j.pos()).isEqualTo(new Position(1, 24));
        assertThat(j.right()).isEqualTo(new Query.Source(new Position(1, 25 + join.length()), "customers", "c", null));
        assertThat(j.on()).isEqualTo(new Expr.Binary(new Position(1, 40 + join.length()), Expr.BinaryOp.EQ,
                new ColumnRef(new Position(1, 40 + join.length()), "o", "cid"),
                new ColumnRef(new Position(1, 48 + join.length()), "c", "id")));
        assertThat(j.withinMillis()).isNull();
    }

    @Test
    void streamStreamJoinWithinAndSeveralJoins() {
        Select q = select("""
                SELECT o.id, p.amount, s.status FROM orders o
                LEFT JOIN payments p ON o.id = p.order_id WITHIN 5m
                JOIN shipments AS s ON s.order_id = o.id
                  AND s.ts BETWEEN o.ts - INTERVAL '1' HOUR AND o.ts + INTERVAL '1' HOUR
                  WITHIN INTERVAL '2' HOURS""");
        assertThat(q.joins()).extracting(Query.Join::type).containsExactly(JoinType.LEFT, JoinType.INNER);
        assertThat(q.joins()).extracting(Query.Join::withinMillis).containsExactly(300_000L, 7_200_000L);
        assertThat(q.joins().get(1).right().alias()).isEqualTo("s");
        assertThat(q.joins().get(1).on()).isInstanceOf(Expr.Binary.class);
        assertThat(((Expr.Binary) q.joins().get(1).on()).right()).isInstanceOf(Expr.Between.class);
    }

    @Test
    void derivedTableSource() {
        Select q = select("SELECT t.x FROM (SELECT x FROM src WHERE x > 0) t");
        assertThat(q.from().name()).isNull();
        assertThat(q.from().alias()).isEqualTo("t");
        assertThat(q.from().refName()).isEqualTo("t");
        assertThat(((Select) q.from().subquery()).from().name()).isEqualTo("src");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TUMBLING(5m)                                   | TUMBLING |  | 300000 | 0 | ",
            "TUMBLING(event_time, 1h)                       | TUMBLING | event_time | 3600000 | 0 | ",
            "TUMBLING(INTERVAL '5' MINUTE, GRACE PERIOD 30s) | TUMBLING |  | 300000 | 0 | 30000",
            "TUMBLING(ts, INTERVAL '1' MINUTE)              | TUMBLING | ts | 60000 | 0 | ",
            "SLIDING(10m, 5m)                               | SLIDING |  | 600000 | 300000 | ",
            "SLIDING(ts, 1h, 500ms, GRACE PERIOD 1d)        | SLIDING | ts | 3600000 | 500 | 86400000",
            "SESSION(30s)                                   | SESSION |  | 30000 | 0 | ",
            "session(ts, 2m, grace period 10s)              | SESSION | ts | 120000 | 0 | 10000",
    })
    void windows(String spec, WindowKind kind, String timeColumn, long size, long advance, Long grace) {
        Select q = select("SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW " + spec);
        Window w = q.window();
        assertThat(w.pos()).isEqualTo(new Position(1, 53));
        assertThat(w.kind()).isEqualTo(kind);
        assertThat(w.timeColumn() == null ? null : ((ColumnRef) w.timeColumn()).name()).isEqualTo(timeColumn);
        assertThat(w.size()).isEqualTo(size);
        assertThat(w.advance()).isEqualTo(advance);
        assertThat(w.graceMillis()).isEqualTo(grace);
    }

    @Test
    void allClausesInOrder() {
        Select q = select("""
                SELECT region, SUM(amount) AS total FROM orders
                WHERE amount > 0
                GROUP BY region, country
                WINDOW TUMBLING(1m)
                HAVING SUM(amount) > 10
                ORDER BY total DESC NULLS LAST, region
                LIMIT 10
                EMIT FINAL""");
        assertThat(q.where()).isNotNull();
        assertThat(q.groupBy()).extracting(e -> ((ColumnRef) e).name()).containsExactly("region", "country");
        assertThat(q.window().size()).isEqualTo(60_000L);
        assertThat(q.having()).isInstanceOf(Expr.Binary.class);
        assertThat(q.orderBy()).hasSize(2);
        assertThat(q.orderBy().get(0).descending()).isTrue();
        assertThat(q.orderBy().get(0).nullsFirst()).isFalse();
        assertThat(q.orderBy().get(1).descending()).isFalse();
        assertThat(q.limit()).isEqualTo(10L);
        assertThat(q.emit()).isEqualTo(Query.EmitMode.FINAL);
    }

    @Test
    void createAsAcceptsClausesAfterWhereInAnyOrder() {
        Statement s = parseStatement("""
                CREATE STREAM per_minute AS SELECT symbol, AVG(price) AS avg_price FROM trades
                WHERE price > 0
                WINDOW SLIDING(1m, 30s)
                WITH ('trades.type' = 'kafka_source')
                EMIT CHANGES
                HAVING AVG(price) > 1
                GROUP BY symbol""");
        Select q = (Select) s.query();
        assertThat(q.window().kind()).isEqualTo(WindowKind.SLIDING);
        assertThat(q.groupBy()).hasSize(1);
        assertThat(q.having()).isNotNull();
        assertThat(q.emit()).isEqualTo(Query.EmitMode.CHANGES);
        assertThat(s.with()).containsExactly(entry("trades.type", "kafka_source"));
    }

    @Test
    void subqueriesInWhere() {
        Select q = select("SELECT * FROM orders o WHERE customer_id IN (SELECT id FROM vip) "
                + "AND EXISTS (SELECT 1 FROM flags f WHERE f.id = o.id) AND amount > (SELECT AVG(amount) FROM stats)");
        Expr.Binary and = (Expr.Binary) q.where();
        assertThat(and.right()).isInstanceOf(Expr.Binary.class);
        Expr.Binary left = (Expr.Binary) and.left();
        assertThat(left.left()).isInstanceOf(Expr.InSubquery.class);
        assertThat(left.right()).isInstanceOf(Expr.Exists.class);
    }

    @Test
    void doubleQuotedStringIsAValueInWhere() {
        Select q = select("SELECT * FROM orders WHERE status = \"active\"");
        assertThat(((Expr.Binary) q.where()).right()).isEqualTo(new Expr.Literal(new Position(1, 37), "active", SqlType.STRING));
    }

    @Test
    void backQuotedAndDoubleQuotedNames() {
        Statement s = parseStatement("CREATE STREAM \"my-stream\" AS SELECT `weird col` FROM `my-topic`");
        assertThat(s.target()).isEqualTo("my-stream");
        Select q = (Select) s.query();
        assertThat(q.from().name()).isEqualTo("my-topic");
        assertThat(q.items().get(0).expr()).isEqualTo(new ColumnRef(new Position(1, 37), null, "weird col"));
    }

    @Test
    void withValuesMayBeUnquoted() {
        Statement s = parseStatement("SELECT * FROM t WITH (batch.size = 500, 'retry_backoff' = -1, 'x' = 2.5, 'on' = TRUE, 'd' = 30s)");
        assertThat(s.with()).containsExactly(entry("batch.size", "500"), entry("retry_backoff", "-1"),
                entry("x", "2.5"), entry("on", "TRUE"), entry("d", "30s"));
        assertThat(s.with()).isInstanceOf(Map.class);
    }

    @Test
    void statementTextIsAsWrittenWithoutSemicolon() {
        Statement s = parseStatement("  SELECT a\n  FROM t ;  ");
        assertThat(s.text()).isEqualTo("SELECT a\n  FROM t");
        assertThat(s.pos()).isEqualTo(new Position(1, 3));
    }
}
