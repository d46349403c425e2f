package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Expr.Binary;
import io.velostream.engine.internal.sql.ast.Expr.BinaryOp;
import io.velostream.engine.internal.sql.ast.Expr.Call;
import io.velostream.engine.internal.sql.ast.Expr.ColumnRef;
import io.velostream.engine.internal.sql.ast.Expr.Literal;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static io.velostream.engine.internal.sql.parse.SqlParser.parseExpression;
import static org.assertj.core.api.Assertions.assertThat;

class ExpressionParseTest {

    /** Renders an expression fully parenthesized, so precedence shows in one string. */
    private static String tree(Expr e) {
        if (e instanceof Binary b) {
            return "(" + tree(b.left()) + " " + b.op().symbol + " " + tree(b.right()) + ")";
        }
        if (e instanceof Expr.Unary u) {
            return "(" + u.op() + " " + tree(u.operand()) + ")";
        }
        if (e instanceof ColumnRef c) {
            return c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name();
        }
        if (e instanceof Literal l) {
            return l.type() == SqlType.STRING ? "'" + l.value() + "'" : String.valueOf(l.value());
        }
        if (e instanceof Expr.IsNull n) {
            return "(" + tree(n.operand()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof Expr.Between b) {
            return "(" + tree(b.operand()) + (b.negated() ? " NOT" : "") + " BETWEEN " + tree(b.low()) + " AND "
                    + tree(b.high()) + ")";
        }
        if (e instanceof Expr.Like l) {
            return "(" + tree(l.operand()) + (l.negated() ? " NOT" : "") + " LIKE " + tree(l.pattern()) + ")";
        }
        if (e instanceof Expr.InList in) {
            return "(" + tree(in.operand()) + (in.negated() ? " NOT" : "") + " IN "
                    + in.values().stream().map(ExpressionParseTest::tree).toList() + ")";
        }
        return e.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "a + b * c                  => (a + (b * c))",
            "a * b + c                  => ((a * b) + c)",
            "a - b - c                  => ((a - b) - c)",
            "a / b % c                  => ((a / b) % c)",
            "-a * b                     => ((NEG a) * b)",
            "a || b + c                 => (a || (b + c))",
            "a || b = c                 => ((a || b) = c)",
            "a = 1 OR b = 2 AND c = 3   => ((a = 1) OR ((b = 2) AND (c = 3)))",
            "a OR b OR c                => ((a OR b) OR c)",
            "NOT a AND b                => ((NOT a) AND b)",
            "NOT a = b                  => (NOT (a = b))",
            "NOT a = b AND c            => ((NOT (a = b)) AND c)",
            "NOT NOT a                  => (NOT (NOT a))",
            "a != b                     => (a <> b)",
            "a <> b                     => (a <> b)",
            "a <= b                     => (a <= b)",
            "a >= b                     => (a >= b)",
            "a < b                      => (a < b)",
            "a > b                      => (a > b)",
            "s ~ '^a.*'                 => (s ~ '^a.*')",
            "x BETWEEN 1 AND 2 AND y    => ((x BETWEEN 1 AND 2) AND y)",
            "x NOT BETWEEN a + 1 AND b  => (x NOT BETWEEN (a + 1) AND b)",
            "name LIKE 'A%'             => (name LIKE 'A%')",
            "name NOT LIKE 'A_'         => (name NOT LIKE 'A_')",
            "x IS NULL OR y IS NOT NULL => ((x IS NULL) OR (y IS NOT NULL))",
            "x IN (1, 2, 3)             => (x IN [1, 2, 3])",
            "x NOT IN ('a')             => (x NOT IN ['a'])",
            "(a + b) * c                => ((a + b) * c)",
            "t.col + 1                  => (t.col + 1)",
            "a - -1                     => (a - -1)",
    })
    void precedenceAndAssociativity(String sql, String expected) {
        assertThat(tree(parseExpression(sql))).isEqualTo(expected);
    }

    @Test
    void literalsHaveTheirTypesAndValues() {
        assertThat(parseExpression("42")).isEqualTo(new Literal(new Position(1, 1), 42L, SqlType.INTEGER));
        Literal dec = (Literal) parseExpression("2.50");
        assertThat(dec.type()).isEqualTo(SqlType.DECIMAL);
        assertThat(((Decimal) dec.value()).scale()).isEqualTo(2);
        assertThat(dec.value()).hasToString("2.50");
        assertThat(parseExpression("1e3")).isEqualTo(new Literal(new Position(1, 1), 1000.0, SqlType.FLOAT));
        assertThat(parseExpression("'it''s'")).isEqualTo(new Literal(new Position(1, 1), "it's", SqlType.STRING));
        assertThat(parseExpression("\"active\"")).isEqualTo(new Literal(new Position(1, 1), "active", SqlType.STRING));
        assertThat(parseExpression("TRUE")).isEqualTo(new Literal(new Position(1, 1), true, SqlType.BOOLEAN));
        assertThat(parseExpression("false")).isEqualTo(new Literal(new Position(1, 1), false, SqlType.BOOLEAN));
        assertThat(parseExpression("NULL")).isEqualTo(new Literal(new Position(1, 1), null, SqlType.NULL));
        assertThat(parseExpression("-9223372036854775808"))
                .isEqualTo(new Literal(new Position(1, 1), Long.MIN_VALUE, SqlType.INTEGER));
        assertThat(((Literal) parseExpression("-0.50")).value()).hasToString("-0.50");
    }

    @ParameterizedTest
    @CsvSource({
            "INTERVAL '5' MINUTE, PT5M",
            "INTERVAL '5' MINUTES, PT5M",
            "interval '250' millisecond, PT0.25S",
            "INTERVAL '30' SECONDS, PT30S",
            "INTERVAL '2' HOUR, PT2H",
            "INTERVAL '1' DAYS, PT24H",
            "INTERVAL 3 DAY, PT72H",
    })
    void intervalLiteralsAreDurations(String sql, String iso) {
        assertThat(parseExpression(sql)).isEqualTo(
                new Literal(new Position(1, 1), Duration.parse(iso), SqlType.INTERVAL));
    }

    @Test
    void timestampArithmeticWithInterval() {
        Binary b = (Binary) parseExpression("ts + INTERVAL '1' DAY");
        assertThat(b.op()).isEqualTo(BinaryOp.ADD);
        assertThat(b.right()).isEqualTo(new Literal(new Position(1, 6), Duration.ofDays(1), SqlType.INTERVAL));
    }

    @Test
    void identifiersPlainQuotedQualifiedAndNested() {
        assertThat(parseExpression("`order id`")).isEqualTo(new ColumnRef(new Position(1, 1), null, "order id"));
        assertThat(parseExpression("t.`a``b`")).isEqualTo(new ColumnRef(new Position(1, 1), "t", "a`b"));
        assertThat(parseExpression("a.b.c")).isEqualTo(new Expr.FieldAccess(new Position(1, 1),
                new ColumnRef(new Position(1, 1), "a", "b"), "c"));
        assertThat(parseExpression("col[2]")).isEqualTo(new Expr.Subscript(new Position(1, 1),
                new ColumnRef(new Position(1, 1), null, "col"), new Literal(new Position(1, 5), 2L, SqlType.INTEGER)));
        assertThat(parseExpression("m['k'].f")).isInstanceOf(Expr.FieldAccess.class);
    }

    @ParameterizedTest
    @CsvSource({"timestamp", "date", "key", "value", "count", "type", "year", "month", "day", "hour", "minute",
            "second", "first", "last", "window_start", "session", "rows", "range", "partition", "current", "row",
            "stream", "table", "nulls", "extract", "asc", "desc", "grace", "period", "buffer", "tumbling", "final"})
    void commonWordsAreColumnNames(String word) {
        assertThat(parseExpression(word + " + 1")).isEqualTo(new Binary(new Position(1, 1), BinaryOp.ADD,
                new ColumnRef(new Position(1, 1), null, word), new Literal(new Position(1, word.length() + 4), 1L,
                        SqlType.INTEGER)));
    }

    @ParameterizedTest
    @CsvSource({"LEFT", "RIGHT", "JOIN", "COUNT", "YEAR", "TIMESTAMP", "FIRST", "LAST", "DATE", "IF", "REPLACE"})
    void keywordLikeFunctionNames(String fn) {
        Call call = (Call) parseExpression(fn.toLowerCase() + "(s, 2)");
        assertThat(call.name()).isEqualTo(fn);
        assertThat(call.args()).hasSize(2);
    }

    @Test
    void caseBothForms() {
        Expr.Case searched = (Expr.Case) parseExpression("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END");
        assertThat(searched.operand()).isNull();
        assertThat(searched.whens()).hasSize(2);
        assertThat(tree(searched.whens().get(0).condition())).isEqualTo("(a > 1)");
        assertThat(searched.elseResult()).isEqualTo(new Literal(new Position(1, 57), "none", SqlType.STRING));

        Expr.Case simple = (Expr.Case) parseExpression("case side when 'B' then 1 end");
        assertThat(simple.operand()).isEqualTo(new ColumnRef(new Position(1, 6), null, "side"));
        assertThat(simple.whens()).containsExactly(new Expr.When(new Literal(new Position(1, 16), "B", SqlType.STRING),
                new Literal(new Position(1, 25), 1L, SqlType.INTEGER)));
        assertThat(simple.elseResult()).isNull();
    }

    @Test
    void castWithAndWithoutPrecision() {
        Expr.Cast c = (Expr.Cast) parseExpression("CAST(price AS DECIMAL(10, 2))");
        assertThat(c.type()).isEqualTo(new Expr.TypeName("DECIMAL", 10, 2));
        assertThat(((Expr.Cast) parseExpression("cast(x as varchar(20))")).type())
                .isEqualTo(new Expr.TypeName("VARCHAR", 20, null));
        assertThat(((Expr.Cast) parseExpression("CAST(x AS timestamp)")).type())
                .isEqualTo(new Expr.TypeName("TIMESTAMP", null, null));
    }

    @Test
    void subqueryExpressions() {
        Expr.Exists exists = (Expr.Exists) parseExpression("EXISTS (SELECT 1 FROM t WHERE t.id = o.id)");
        assertThat(exists.negated()).isFalse();
        assertThat(((Query.Select) exists.query()).from().name()).isEqualTo("t");
        Expr.Exists notExists = (Expr.Exists) parseExpression("NOT EXISTS (SELECT 1 FROM t)");
        assertThat(notExists.negated()).isTrue();
        assertThat(notExists.pos()).isEqualTo(new Position(1, 1));

        Expr.InSubquery in = (Expr.InSubquery) parseExpression("id NOT IN (SELECT id FROM blocked)");
        assertThat(in.negated()).isTrue();
        assertThat(((Query.Select) in.query()).from().name()).isEqualTo("blocked");

        Binary cmp = (Binary) parseExpression("amount > (SELECT AVG(amount) FROM orders)");
        assertThat(cmp.right()).isInstanceOf(Expr.ScalarSubquery.class);
    }

    @Test
    void aggregateCallForms() {
        Call countStar = (Call) parseExpression("COUNT(*)");
        assertThat(countStar.star()).isTrue();
        assertThat(countStar.args()).isEmpty();
        Call countDistinct = (Call) parseExpression("count(DISTINCT customer_id)");
        assertThat(countDistinct.name()).isEqualTo("COUNT");
        assertThat(countDistinct.distinct()).isTrue();
        assertThat(countDistinct.args()).containsExactly(new ColumnRef(new Position(1, 16), null, "customer_id"));

        Call percentile = (Call) parseExpression("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY price DESC)");
        assertThat(percentile.args()).containsExactly(new Literal(new Position(1, 17), Decimal.parse("0.5"), SqlType.DECIMAL));
        assertThat(percentile.withinGroup()).hasSize(1);
        assertThat(percentile.withinGroup().get(0).descending()).isTrue();
        assertThat(percentile.over()).isNull();
    }

    @Test
    void extractAndCurrentTime() {
        assertThat(parseExpression("EXTRACT(year FROM ts)")).isEqualTo(new Call(new Position(1, 1), "EXTRACT",
                java.util.List.of(new Literal(new Position(1, 9), "YEAR", SqlType.STRING),
                        new ColumnRef(new Position(1, 19), null, "ts")), false, false, java.util.List.of(), null));
        Call now = (Call) parseExpression("CURRENT_TIMESTAMP");
        assertThat(now.name()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(now.args()).isEmpty();
        assertThat(((Call) parseExpression("current_date")).name()).isEqualTo("CURRENT_DATE");
    }

    @Test
    void analyticRowsWindowBuffer() {
        Call avg = (Call) parseExpression(
                "AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY ts "
                        + "ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)");
        Expr.Over over = avg.over();
        assertThat(over.bufferRows()).isEqualTo(100L);
        assertThat(over.partitionBy()).extracting(e -> ((ColumnRef) e).name()).containsExactly("symbol");
        assertThat(over.orderBy()).extracting(o -> ((ColumnRef) o.expr()).name()).containsExactly("ts");
        assertThat(over.frame().range()).isFalse();
        assertThat(over.frame().start().kind()).isEqualTo(Expr.BoundKind.PRECEDING);
        assertThat(over.frame().start().offset()).isEqualTo(new Literal(new Position(1, 91), 10L, SqlType.INTEGER));
        assertThat(over.frame().end()).isEqualTo(new Expr.FrameBound(Expr.BoundKind.CURRENT_ROW, null));
        assertThat(over.pos()).isEqualTo(new Position(1, 12));
    }

    @Test
    void analyticStandardOver() {
        Call lag = (Call) parseExpression("LAG(price, 1) OVER (PARTITION BY symbol ORDER BY ts NULLS LAST)");
        assertThat(lag.over().bufferRows()).isNull();
        assertThat(lag.over().frame()).isNull();
        assertThat(lag.over().orderBy().get(0).nullsFirst()).isFalse();

        Call sum = (Call) parseExpression("SUM(x) OVER (ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)");
        assertThat(sum.over().partitionBy()).isEmpty();
        assertThat(sum.over().frame()).isEqualTo(new Expr.Frame(true,
                new Expr.FrameBound(Expr.BoundKind.UNBOUNDED_PRECEDING, null),
                new Expr.FrameBound(Expr.BoundKind.UNBOUNDED_FOLLOWING, null)));

        Call rn = (Call) parseExpression("ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY c ASC NULLS FIRST, d DESC)");
        assertThat(rn.args()).isEmpty();
        assertThat(rn.over().partitionBy()).hasSize(2);
        assertThat(rn.over().orderBy().get(0).descending()).isFalse();
        assertThat(rn.over().orderBy().get(0).nullsFirst()).isTrue();
        assertThat(rn.over().orderBy().get(1).descending()).isTrue();
        assertThat(rn.over().orderBy().get(1).nullsFirst()).isNull();

        Call running = (Call) parseExpression("SUM(x) OVER (ORDER BY ts ROWS 5 PRECEDING)");
        assertThat(running.over().frame().start().kind()).isEqualTo(Expr.BoundKind.PRECEDING);
        assertThat(running.over().frame().end().kind()).isEqualTo(Expr.BoundKind.CURRENT_ROW);
    }

    @Test
    void positionsAreOneBasedAcrossLines() {
        Binary and = (Binary) parseExpression("a = 1\n  AND  b > 2");
        assertThat(and.pos()).isEqualTo(new Position(1, 1));
        assertThat(and.right().pos()).isEqualTo(new Position(2, 8));
        assertThat(((Binary) and.right()).right().pos()).isEqualTo(new Position(2, 12));
    }

    @Test
    void keywordsAreCaseInsensitiveAndCommentsIgnored() {
        assertThat(tree(parseExpression("a /* inline */ and -- rest\n b Is NoT nULL")))
                .isEqualTo("(a AND (b IS NOT NULL))");
    }
}
