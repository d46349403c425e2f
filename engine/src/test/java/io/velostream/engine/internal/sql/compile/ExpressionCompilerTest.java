package io.velostream.engine.internal.sql.compile;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.function.aggregate.AggregateRegistryTest;
import io.velostream.engine.internal.function.builtin.BuiltinFunctions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.parse.SqlParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionCompilerTest {
    static final Instant NOW = Instant.parse("2024-03-15T10:30:45.123Z");
    static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    static final FunctionRegistry REGISTRY = BuiltinFunctions.registry();
    /** The built-in aggregates and a user one, PRODUCT. */
    static final AggregateRegistry AGGREGATES = AggregateRegistry.builtins().register(new AggregateRegistryTest.Product());

    static final Schema CLOSED = Schema.of(
            List.of("i", "d", "f", "s", "b", "t", "n", "m", "a"),
            List.of(SqlType.INTEGER, SqlType.DECIMAL, SqlType.FLOAT, SqlType.STRING, SqlType.BOOLEAN,
                    SqlType.TIMESTAMP, SqlType.ANY, SqlType.MAP, SqlType.ARRAY));

    static Map<String, Object> map() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", "v");
        m.put("num", 5L);
        return m;
    }

    static final Headers HEADERS = Headers.of("trace", "abc", "env", "prod");

    static StreamRecord record() {
        return new StreamRecord(CLOSED,
                new Object[]{7L, Decimal.parse("2.50"), 1.5, "hello", true, T, null, map(), List.of(10L, 20L, 30L)},
                null, 1000L, 1000L, "orders", 0, 5L, HEADERS);
    }

    /** Resolves names of a schema to slots, like a one-source SELECT without system columns. */
    record TestScope(Schema schema) implements Scope {
        @Override
        public Compiled resolve(Expr.ColumnRef ref) {
            if (ref.qualifier() != null) {
                return null;
            }
            int slot = schema.slotOf(ref.name());
            if (slot < 0) {
                if (schema.isClosed()) {
                    return null;
                }
                slot = schema.add(ref.name(), SqlType.ANY);
            }
            int s = slot;
            return Compiled.of(row -> row.in.value(s), schema.type(s));
        }

        @Override
        public String describe() {
            return schema.isClosed() ? " (columns: " + String.join(", ", schema.names()) + ")" : "";
        }
    }

    /** One compilation: its diagnostics and result. */
    record Result(Compiled compiled, Diagnostics diagnostics) {
        List<SqlError> errors() {
            return diagnostics.errors();
        }
    }

    static Result compile(String text, Schema schema) {
        Diagnostics diagnostics = new Diagnostics(null, text);
        ExpressionCompiler compiler = new ExpressionCompiler(n -> REGISTRY.find(n).orElse(null),
                n -> AGGREGATES.find(n).orElse(null), new FunctionContext(Clock.fixed(NOW, ZoneOffset.UTC)), diagnostics);
        Expr expr = SqlParser.parseExpression(text);
        return new Result(compiler.compile(expr, new TestScope(schema)), diagnostics);
    }

    static Compiled compiled(String text) {
        Result r = compile(text, CLOSED);
        assertThat(r.errors()).as("errors compiling %s", text).isEmpty();
        return r.compiled();
    }

    static Object eval(String text) {
        return eval(compiled(text), new Row());
    }

    static Object eval(Compiled c, Row row) {
        row.reset(record(), new Object[0]);
        return c.eval().eval(row);
    }

    static SqlError onlyError(String text) {
        List<SqlError> errors = compile(text, CLOSED).errors();
        assertThat(errors).as("errors compiling %s", text).hasSize(1);
        return errors.get(0);
    }

    static Decimal dec(String s) {
        return Decimal.parse(s);
    }

    @Nested
    class ThreeValuedLogic {
        @ParameterizedTest(name = "{0} AND {1} = {2}")
        @CsvSource(nullValues = "NULL", value = {
                "TRUE,TRUE,true", "TRUE,FALSE,false", "TRUE,NULL,NULL",
                "FALSE,TRUE,false", "FALSE,FALSE,false", "FALSE,NULL,false",
                "NULL,TRUE,NULL", "NULL,FALSE,false", "NULL,NULL,NULL"})
        void and(String x, String y, Boolean expected) {
            String l = x == null ? "NULL" : x;
            String r = y == null ? "NULL" : y;
            assertThat(eval(l + " AND " + r)).isEqualTo(expected);
            // through columns too, so the run-time closure runs rather than a folded constant
            assertThat(eval(col(l) + " AND " + col(r))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} OR {1} = {2}")
        @CsvSource(nullValues = "NULL", value = {
                "TRUE,TRUE,true", "TRUE,FALSE,true", "TRUE,NULL,true",
                "FALSE,TRUE,true", "FALSE,FALSE,false", "FALSE,NULL,NULL",
                "NULL,TRUE,true", "NULL,FALSE,NULL", "NULL,NULL,NULL"})
        void or(String x, String y, Boolean expected) {
            String l = x == null ? "NULL" : x;
            String r = y == null ? "NULL" : y;
            assertThat(eval(l + " OR " + r)).isEqualTo(expected);
            assertThat(eval(col(l) + " OR " + col(r))).isEqualTo(expected);
        }

        /** A column expression of the given truth value: b is TRUE, n is NULL. */
        private String col(String v) {
            return switch (v) {
                case "TRUE" -> "b";
                case "FALSE" -> "(NOT b)";
                default -> "n";
            };
        }

        @Test
        void not() {
            assertThat(eval("NOT b")).isEqualTo(false);
            assertThat(eval("NOT NOT b")).isEqualTo(true);
            assertThat(eval("NOT n")).isNull();
            assertThat(eval("NOT NULL")).isNull();
        }

        @Test
        void comparisonWithNullIsUnknown() {
            assertThat(eval("i = NULL")).isNull();
            assertThat(eval("n = 1")).isNull();
            assertThat(eval("n <> 1")).isNull();
            assertThat(eval("n < 1")).isNull();
        }
    }

    @Nested
    class Comparisons {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
                "1 = 1.0 => true",
                "1 = 1.0e0 => true",
                "i = 7.00 => true",
                "i <> 7 => false",
                "i != 8 => true",
                "d = 2.5 => true",
                "d > i => false",
                "d < i => true",
                "f < d => true",
                "f >= 1.5 => true",
                "f <= 1 => false",
                "i > f => true",
                "s = 'hello' => true",
                "s < 'world' => true",
                "b = TRUE => true",
                "t = 1704067200000 => true",
                "t > 1704067199999 => true",
                "t < 1704067200000 => false",
                "1704067200000 = t => true",
                "t = '2024-01-01T00:00:00Z' => true",
                "t > '2023-12-31' => true",
                "t < '2023-12-31 23:59:59' => false",
                "'2024-01-01' = t => true",
                "t <> '2024-01-01' => false",
                "t IN ('2023-01-01', '2024-01-01T00:00:00Z') => true",
                "t BETWEEN '2023-12-31' AND '2024-01-02' => true",
                "t BETWEEN 1704067200001 AND 1704067200002 => false",
                "CAST(t AS DATE) = '2024-01-01' => true",
        })
        void compares(String expr, boolean expected) {
            assertThat(eval(expr)).as(expr).isEqualTo(expected);
        }
    }

    @Nested
    class ArithmeticTests {
        @Test
        void integerArithmeticStaysInteger() {
            Compiled c = compiled("i / 2");
            assertThat(c.type()).isEqualTo(SqlType.INTEGER);
            assertThat(eval(c, new Row())).isEqualTo(3L);
            assertThat(eval("7 / 2")).isEqualTo(3L);
            assertThat(eval("-7 / 2")).isEqualTo(-3L);
            assertThat(eval("i + 1")).isEqualTo(8L);
            assertThat(eval("i - 10")).isEqualTo(-3L);
            assertThat(eval("i * 3")).isEqualTo(21L);
            assertThat(eval("i % 4")).isEqualTo(3L);
            assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
        }

        @Test
        void decimalIsExact() {
            Object sum = eval("0.1 + 0.2");
            assertThat(sum).isInstanceOf(Decimal.class).isEqualTo(dec("0.3"));
            assertThat(((Decimal) sum).scale()).isEqualTo(1);
            assertThat(sum.toString()).isEqualTo("0.3");
            Compiled c = compiled("d * 2");
            assertThat(c.type()).isEqualTo(SqlType.DECIMAL);
            assertThat(eval(c, new Row())).isEqualTo(dec("5.00"));
            assertThat(eval("d - i").toString()).isEqualTo("-4.50");
            assertThat(compiled("i + d").type()).isEqualTo(SqlType.DECIMAL);
        }

        @Test
        void decimalDivisionHasScaleAtLeastSixRoundedHalfUp() {
            Object q = eval("1.00 / 3");
            assertThat(q.toString()).isEqualTo("0.333333");
            assertThat(((Decimal) q).scale()).isEqualTo(6);
            assertThat(eval("2.00 / 3").toString()).isEqualTo("0.666667");
            assertThat(eval("1.00000000 / 3").toString()).isEqualTo("0.33333333");
            assertThat(eval("d / 4").toString()).isEqualTo("0.625000");
        }

        @Test
        void anyFloatMakesTheResultFloat() {
            Compiled c = compiled("f + i");
            assertThat(c.type()).isEqualTo(SqlType.FLOAT);
            assertThat(eval(c, new Row())).isEqualTo(8.5);
            assertThat(eval("d * f")).isInstanceOf(Double.class).isEqualTo(3.75);
            assertThat(eval("1e0 / 4")).isEqualTo(0.25);
            assertThat(compiled("d / f").type()).isEqualTo(SqlType.FLOAT);
        }

        @Test
        void integerOverflowIsAValueError() {
            assertThatThrownBy(() -> eval("i * 9223372036854775807")).isInstanceOf(ValueException.class)
                    .hasMessageContaining("overflow");
            assertThatThrownBy(() -> eval("i + 9223372036854775807")).isInstanceOf(ValueException.class);
            assertThatThrownBy(() -> eval("-i - 9223372036854775807")).isInstanceOf(ValueException.class);
        }

        @Test
        void constantOverflowIsACompileError() {
            SqlError e = onlyError("9223372036854775807 + 1");
            assertThat(e.message()).contains("integer overflow");
        }

        @ParameterizedTest
        @CsvSource({"i / 0", "i % 0", "d / 0.0", "f / 0", "i / (i - 7)", "d % 0"})
        void divisionByZeroIsNullWithAWarning(String expr) {
            Row row = new Row();
            Compiled c = compiled(expr);
            assertThat(eval(c, row)).isNull();
            assertThat(row.warnings).isEqualTo(1);
            assertThat(eval(c, row)).isNull();
            assertThat(row.warnings).isEqualTo(2);
        }

        @Test
        void constantDivisionByZeroStillCountsPerRecord() {
            Row row = new Row();
            Compiled c = compiled("1 / 0");
            assertThat(eval(c, row)).isNull();
            assertThat(row.warnings).isEqualTo(1);
        }

        @Test
        void unaryMinus() {
            assertThat(eval("-i")).isEqualTo(-7L);
            assertThat(eval("-d")).isEqualTo(dec("-2.50"));
            assertThat(eval("-f")).isEqualTo(-1.5);
            assertThat(eval("-(1 + 2)")).isEqualTo(-3L);
            assertThat(eval("-n")).isNull();
            assertThat(eval("- -i")).isEqualTo(7L);
        }

        @Test
        void nullOperandGivesNull() {
            assertThat(eval("i + NULL")).isNull();
            assertThat(eval("n * 2")).isNull();
            assertThat(eval("n / 0")).isNull();
        }

        @Test
        void concatenation() {
            assertThat(eval("s || ' world'")).isEqualTo("hello world");
            assertThat(eval("s || i")).isEqualTo("hello7");
            assertThat(eval("'x' || d")).isEqualTo("x2.50");
            assertThat(eval("s || n")).isNull();
            assertThat(eval("NULL || 'a'")).isNull();
            assertThat(compiled("s || s").type()).isEqualTo(SqlType.STRING);
        }

        @Test
        void timestampPlusInterval() {
            Compiled c = compiled("t + INTERVAL '1' DAY");
            assertThat(c.type()).isEqualTo(SqlType.TIMESTAMP);
            assertThat(eval(c, new Row())).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
            assertThat(eval("t - INTERVAL '30' MINUTES")).isEqualTo(Instant.parse("2023-12-31T23:30:00Z"));
            assertThat(eval("INTERVAL '2' HOURS + t")).isEqualTo(Instant.parse("2024-01-01T02:00:00Z"));
            assertThat(eval("t + INTERVAL '1' DAY > t")).isEqualTo(true);
        }
    }

    @Nested
    class LikeAndRegex {
        @ParameterizedTest(name = "{0} LIKE {1} = {2}")
        @CsvSource({
                "hello, hello, true", "hello, hell, false",
                "hello, he%, true", "hello, ha%, false",
                "hello, %llo, true", "hello, %lla, false",
                "hello, %ell%, true", "hello, %elo%, false",
                "hello, h_llo, true", "hello, h_lo, false",
                "hello, h%o, true", "hello, h%x, false",
                "hello, _____, true", "hello, ______, false",
                "hello, %, true", "'', %, true",
                "a.c, a.c, true", "abc, a.c, false",
                "'a\nb', a%b, true"})
        void like(String value, String pattern, boolean expected) {
            String v = value.replace("\\n", "\n");
            Row row = new Row();
            Compiled literal = compiled("'" + v + "' LIKE '" + pattern + "'");
            assertThat(eval(literal, row)).isEqualTo(expected);
            assertThat(eval("'" + v + "' NOT LIKE '" + pattern + "'")).isEqualTo(!expected);
            // pattern only known at run time
            assertThat(eval("'" + v + "' LIKE ('" + pattern + "' || s || '')".replace("|| s ||", "|| SUBSTRING(s, 1, 0) ||")))
                    .isEqualTo(expected);
        }

        @Test
        void likeOnColumns() {
            assertThat(eval("s LIKE 'he%'")).isEqualTo(true);
            assertThat(eval("s NOT LIKE '%lo'")).isEqualTo(false);
            assertThat(eval("n LIKE 'a%'")).isNull();
            assertThat(eval("n NOT LIKE 'a%'")).isNull();
            assertThat(eval("s LIKE NULL")).isNull();
            assertThat(eval("s LIKE n")).isNull();
            assertThat(eval("s LIKE s")).isEqualTo(true);
        }

        @Test
        void regex() {
            assertThat(eval("s ~ '^h.l+o$'")).isEqualTo(true);
            assertThat(eval("s ~ 'ell'")).isEqualTo(true);
            assertThat(eval("s ~ '^ell'")).isEqualTo(false);
            assertThat(eval("n ~ 'a'")).isNull();
            assertThat(eval("s ~ NULL")).isNull();
            assertThat(eval("s ~ s")).isEqualTo(true);
        }

        @Test
        void unparseableTimestampTextIsACompileError() {
            SqlError e = onlyError("t > 'soon'");
            assertThat(e.message()).contains("cannot cast STRING 'soon' to TIMESTAMP");
            assertThat(e.column()).isEqualTo(5);
        }

        @Test
        void timestampComparedWithAStringColumnParsesPerRecord() {
            assertThatThrownBy(() -> eval("t = s")).isInstanceOf(ValueException.class).hasMessageContaining("hello");
            assertThat(eval("t < s || '2025-01-01'".replace("s || ", "SUBSTRING(s, 1, 0) || "))).isEqualTo(true);
        }

        @Test
        void badRegexIsACompileError() {
            SqlError e = onlyError("s ~ '('");
            assertThat(e.message()).startsWith("bad regular expression");
            assertThat(e.column()).isEqualTo(5);
        }
    }

    @Nested
    class InBetweenIsNull {
        @ParameterizedTest(name = "{0}")
        @CsvSource(nullValues = "NULL", delimiterString = "=>", value = {
                "i IN (1, 7, 9) => true",
                "i IN (1, 2) => false",
                "i NOT IN (1, 2) => true",
                "i NOT IN (7) => false",
                "i IN (1, NULL) => NULL",
                "i IN (7, NULL) => true",
                "i NOT IN (1, NULL) => NULL",
                "i NOT IN (7, NULL) => false",
                "n IN (1, 2) => NULL",
                "1 IN (1.0) => true",
                "i IN (7.0, 8.5) => true",
                "i IN (7.0e0) => true",
                "d IN (2.5) => true",
                "d IN (2, 3) => false",
                "f IN (1, 2) => false",
                "s IN ('a', 'hello') => true",
                "s NOT IN ('a', 'b') => true",
                "i IN (i, 1) => true",
                "i BETWEEN 1 AND 10 => true",
                "i BETWEEN 7 AND 7 => true",
                "i BETWEEN 8 AND 10 => false",
                "i NOT BETWEEN 8 AND 10 => true",
                "i NOT BETWEEN 1 AND 10 => false",
                "d BETWEEN 2 AND 2.5 => true",
                "i BETWEEN NULL AND 10 => NULL",
                "i BETWEEN NULL AND 5 => false",
                "i BETWEEN 1 AND NULL => NULL",
                "i NOT BETWEEN NULL AND 5 => true",
                "i NOT BETWEEN 1 AND NULL => NULL",
                "n BETWEEN 1 AND 2 => NULL",
                "s BETWEEN 'a' AND 'z' => true",
                "t BETWEEN 1704067200000 AND 1704067200001 => true",
                "i IS NULL => false",
                "i IS NOT NULL => true",
                "n IS NULL => true",
                "n IS NOT NULL => false",
                "NULL IS NULL => true",
                "(i / 0) IS NULL => true",
        })
        void evaluates(String expr, Boolean expected) {
            assertThat(eval(expr)).as(expr).isEqualTo(expected);
        }
    }

    @Nested
    class CaseCastAccess {
        @Test
        void searchedCase() {
            assertThat(eval("CASE WHEN i > 10 THEN 'big' WHEN i > 5 THEN 'mid' ELSE 'small' END")).isEqualTo("mid");
            assertThat(eval("CASE WHEN i > 10 THEN 'big' ELSE 'small' END")).isEqualTo("small");
            assertThat(eval("CASE WHEN i > 10 THEN 'big' END")).isNull();
            assertThat(eval("CASE WHEN n THEN 'x' ELSE 'unknown is not true' END")).isEqualTo("unknown is not true");
            assertThat(compiled("CASE WHEN b THEN 1 ELSE 2.5 END").type()).isEqualTo(SqlType.DECIMAL);
        }

        @Test
        void simpleCase() {
            assertThat(eval("CASE i WHEN 1 THEN 'one' WHEN 7 THEN 'seven' ELSE 'other' END")).isEqualTo("seven");
            assertThat(eval("CASE i WHEN 7.0 THEN 'seven' END")).isEqualTo("seven");
            assertThat(eval("CASE i WHEN 1 THEN 'one' END")).isNull();
            assertThat(eval("CASE n WHEN NULL THEN 'null' ELSE 'else' END")).isEqualTo("else");
            assertThat(eval("CASE s WHEN 'hello' THEN 1 ELSE 0 END")).isEqualTo(1L);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "CAST('42' AS INTEGER) => 42 => java.lang.Long",
                "CAST(s2 AS INT) => 42 => java.lang.Long",
                "CAST(d AS BIGINT) => 2 => java.lang.Long",
                "CAST(i AS FLOAT) => 7.0 => java.lang.Double",
                "CAST(d AS DOUBLE) => 2.5 => java.lang.Double",
                "CAST(i AS DECIMAL) => 7 => io.velostream.engine.record.Decimal",
                "CAST('1.50' AS NUMERIC) => 1.50 => io.velostream.engine.record.Decimal",
                "CAST(2.345 AS DECIMAL(10,2)) => 2.35 => io.velostream.engine.record.Decimal",
                "CAST(-2.345 AS DECIMAL(10,2)) => -2.35 => io.velostream.engine.record.Decimal",
                "CAST(d AS NUMERIC(10,0)) => 3 => io.velostream.engine.record.Decimal",
                "CAST(i AS DECIMAL(5,2)) => 7.00 => io.velostream.engine.record.Decimal",
                "CAST(i AS STRING) => 7 => java.lang.String",
                "CAST(d AS VARCHAR) => 2.50 => java.lang.String",
                "CAST(b AS TEXT) => true => java.lang.String",
                "CAST(t AS STRING) => 2024-01-01T00:00:00Z => java.lang.String",
                "CAST('true' AS BOOLEAN) => true => java.lang.Boolean",
                "CAST(0 AS BOOL) => false => java.lang.Boolean",
                "CAST('2024-01-01T00:00:00Z' AS TIMESTAMP) => 2024-01-01T00:00:00Z => java.time.Instant",
                "CAST(1704067200000 AS DATETIME) => 2024-01-01T00:00:00Z => java.time.Instant",
                "CAST(t AS DATE) => 2024-01-01 => java.time.LocalDate",
                "CAST('2024-02-29' AS DATE) => 2024-02-29 => java.time.LocalDate",
        })
        void castTo(String expr, String expected, String cls) {
            String text = expr.replace("s2", "'42'");
            Object v = eval(text);
            assertThat(v).as(text).isNotNull();
            assertThat(v.getClass().getName()).isEqualTo(cls);
            assertThat(v instanceof Instant ? v.toString() : io.velostream.engine.record.Values.toDisplayString(v))
                    .isEqualTo(expected);
        }

        @Test
        void castTypesAndNull() {
            assertThat(compiled("CAST(s AS INTEGER)").type()).isEqualTo(SqlType.INTEGER);
            assertThat(compiled("CAST(i AS DATE)").type()).isEqualTo(SqlType.DATE);
            assertThat(eval("CAST(n AS INTEGER)")).isNull();
            assertThat(eval("CAST(NULL AS STRING)")).isNull();
        }

        @Test
        void failedCastIsAValueError() {
            assertThatThrownBy(() -> eval("CAST(s AS INTEGER)")).isInstanceOf(ValueException.class)
                    .hasMessageContaining("hello");
            assertThatThrownBy(() -> eval("CAST(s AS DECIMAL)")).isInstanceOf(ValueException.class);
            assertThatThrownBy(() -> eval("CAST(s AS BOOLEAN)")).isInstanceOf(ValueException.class);
            assertThatThrownBy(() -> eval("CAST(s AS TIMESTAMP)")).isInstanceOf(ValueException.class);
            assertThatThrownBy(() -> eval("CAST(s AS DATE)")).isInstanceOf(ValueException.class);
            assertThatThrownBy(() -> eval("CAST(s AS FLOAT)")).isInstanceOf(ValueException.class);
        }

        @Test
        void constantFailedCastIsACompileError() {
            assertThat(onlyError("CAST('abc' AS INTEGER)").message()).contains("cannot cast");
        }

        @Test
        void unknownCastType() {
            SqlError e = onlyError("CAST(i AS BLOB)");
            assertThat(e.message()).startsWith("unknown type 'BLOB' in CAST");
            assertThat(e.column()).isEqualTo(1);
        }

        @Test
        void arrayIndexIsOneBased() {
            assertThat(eval("a[1]")).isEqualTo(10L);
            assertThat(eval("a[3]")).isEqualTo(30L);
            assertThat(eval("a[i - 5]")).isEqualTo(20L);
            assertThat(eval("a[0]")).isNull();
            assertThat(eval("a[4]")).isNull();
            assertThat(eval("a[-1]")).isNull();
            assertThat(eval("a[NULL]")).isNull();
            assertThat(eval("n[1]")).isNull();
        }

        @Test
        void mapAndStructAccess() {
            assertThat(eval("m['k']")).isEqualTo("v");
            assertThat(eval("m['num'] + 1")).isEqualTo(6L);
            assertThat(eval("m['missing']")).isNull();
            assertThat(eval("m.k")).isEqualTo("v");
            assertThat(eval("m.num")).isEqualTo(5L);
            assertThat(eval("m.missing")).isNull();
            assertThat(eval("n.k")).isNull();
        }

        @Test
        void indexingAScalarIsAValueError() {
            assertThatThrownBy(() -> eval("s[1]")).isInstanceOf(ValueException.class);
        }
    }

    @Nested
    class HeaderFunctionsTest {
        @Test
        void readsHeaders() {
            assertThat(eval("HEADER('trace')")).isEqualTo("abc");
            assertThat(eval("HEADER('missing')")).isNull();
            assertThat(eval("HEADER(NULL)")).isNull();
            assertThat(eval("HAS_HEADER('env')")).isEqualTo(true);
            assertThat(eval("HAS_HEADER('missing')")).isEqualTo(false);
            assertThat(eval("HEADER_KEYS()")).isEqualTo("trace,env");
            assertThat(compiled("HEADER('trace')").constant()).isFalse();
        }

        @Test
        void functionNamesAreCaseInsensitive() {
            assertThat(eval("header('trace')")).isEqualTo("abc");
            assertThat(eval("Has_Header('env')")).isEqualTo(true);
            assertThat(eval("upper(s)")).isEqualTo("HELLO");
        }

        @Test
        void setHeaderIsSeenByLaterHeaderCallsAndCopiesOnWrite() {
            StreamRecord rec = record();
            Headers before = rec.headers();
            Row row = new Row();
            row.reset(rec, new Object[0]);
            assertThat(compiled("SET_HEADER('x', s || '!')").eval().eval(row)).isEqualTo("hello!");
            assertThat(compiled("SET_HEADER('trace', 'new')").eval().eval(row)).isEqualTo("new");
            assertThat(compiled("SET_HEADER('num', i)").eval().eval(row)).isEqualTo(7L);
            assertThat(compiled("HEADER('x')").eval().eval(row)).isEqualTo("hello!");
            assertThat(compiled("HEADER('trace')").eval().eval(row)).isEqualTo("new");
            assertThat(compiled("HEADER('num')").eval().eval(row)).isEqualTo("7");
            assertThat(compiled("HEADER_KEYS()").eval().eval(row)).isEqualTo("trace,env,x,num");
            assertThat(row.headers.get("x")).isEqualTo("hello!");
            // the input record's headers are untouched
            assertThat(rec.headers()).isSameAs(before);
            assertThat(before.keys()).containsExactly("trace", "env");
            assertThat(before.get("trace")).isEqualTo("abc");
        }

        @Test
        void removeHeaderReturnsTheOldValue() {
            StreamRecord rec = record();
            Row row = new Row();
            row.reset(rec, new Object[0]);
            assertThat(compiled("REMOVE_HEADER('trace')").eval().eval(row)).isEqualTo("abc");
            assertThat(compiled("REMOVE_HEADER('trace')").eval().eval(row)).isNull();
            assertThat(compiled("HAS_HEADER('trace')").eval().eval(row)).isEqualTo(false);
            assertThat(compiled("REMOVE_HEADER('nope')").eval().eval(row)).isNull();
            assertThat(rec.headers().get("trace")).isEqualTo("abc");
        }

        @Test
        void resetStartsFromTheRecordsHeadersAgain() {
            Row row = new Row();
            Compiled set = compiled("SET_HEADER('x', 'y')");
            eval(set, row);
            assertThat(row.headers.has("x")).isTrue();
            row.reset(record(), new Object[0]);
            assertThat(row.headers.has("x")).isFalse();
        }

        @Test
        void wrongArityIsACompileError() {
            SqlError e = onlyError("HEADER('a', 'b')");
            assertThat(e.message()).isEqualTo("HEADER takes 1 argument, got 2");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(1);
            assertThat(onlyError("SET_HEADER('a')").message()).isEqualTo("SET_HEADER takes 2 arguments, got 1");
        }
    }

    @Nested
    class ConstantFolding {
        @Test
        void constantExpressionsAreFolded() {
            Compiled c = compiled("1 + 2 * 3");
            assertThat(c.constant()).isTrue();
            assertThat(c.value()).isEqualTo(7L);
            assertThat(c.type()).isEqualTo(SqlType.INTEGER);
            Compiled u = compiled("UPPER('a' || 'b')");
            assertThat(u.constant()).isTrue();
            assertThat(u.value()).isEqualTo("AB");
            assertThat(compiled("-(2.5)").constant()).isTrue();
            assertThat(compiled("NOT TRUE").value()).isEqualTo(false);
            assertThat(compiled("CAST('5' AS INTEGER) + 1").value()).isEqualTo(6L);
            assertThat(compiled("1 < 2 AND 'a' = 'a'").value()).isEqualTo(true);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", quoteCharacter = '"', nullValues = "NULL", value = {
                "NULL IS NULL => true",
                "1 IS NOT NULL => true",
                "2 IN (1, 2) => true",
                "2 NOT IN (1, NULL) => NULL",
                "5 BETWEEN 1 AND 10 => true",
                "'abc' LIKE 'a%' => true",
                "'abc' NOT LIKE 'a_c' => false",
                "CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END => b",
                "CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END => two",
        })
        void predicatesOfConstantsAreFolded(String expr, String expected) {
            Compiled c = compiled(expr);
            assertThat(c.constant()).as(expr).isTrue();
            assertThat(c.value() == null ? null : String.valueOf(c.value())).isEqualTo(expected);
            assertThat(c.eval().eval(new Row())).isEqualTo(c.value());
        }

        @Test
        void predicatesOverColumnsAreNotFolded() {
            for (String e : List.of("i IS NULL", "i IN (1, 2)", "1 IN (i)", "i BETWEEN 1 AND 2", "s LIKE 'a%'",
                    "'a' LIKE s", "CASE WHEN b THEN 1 END", "CASE 1 WHEN 1 THEN i END", "CASE WHEN TRUE THEN 1 ELSE i END")) {
                assertThat(compiled(e).constant()).as(e).isFalse();
            }
        }

        @Test
        void columnsAndNowAreNotFolded() {
            assertThat(compiled("i + 1").constant()).isFalse();
            assertThat(compiled("NOW()").constant()).isFalse();
            assertThat(compiled("UPPER(s)").constant()).isFalse();
            Compiled now = compiled("NOW()");
            assertThat(eval(now, new Row())).isEqualTo(NOW);
        }
    }

    @Nested
    class CompileErrors {
        @Test
        void unknownColumnInAClosedSchema() {
            SqlError e = onlyError("i + amout");
            assertThat(e.message()).isEqualTo("unknown column 'amout' (columns: i, d, f, s, b, t, n, m, a)");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(5);
        }

        @Test
        void positionsCountLinesAndColumns() {
            SqlError e = onlyError("i +\n   nope");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(4);
            assertThat(e.excerpt()).isEqualTo("   nope");
        }

        @Test
        void openSchemaAddsUnknownColumnsAsAny() {
            Schema open = Schema.open();
            open.add("x", SqlType.ANY);
            Result r = compile("x + y", open);
            assertThat(r.errors()).isEmpty();
            assertThat(r.compiled().type()).isEqualTo(SqlType.ANY);
            assertThat(open.names()).containsExactly("x", "y");
            Row row = new Row();
            row.reset(StreamRecord.of(open, 0L, 1L), new Object[0]);
            assertThat(r.compiled().eval().eval(row)).isNull();
            row.reset(StreamRecord.of(open, 0L, 1L, 2L), new Object[0]);
            assertThat(r.compiled().eval().eval(row)).isEqualTo(3L);
            row.reset(StreamRecord.of(open, 0L, Decimal.parse("1.5"), 2L), new Object[0]);
            assertThat(r.compiled().eval().eval(row)).isEqualTo(dec("3.5"));
            // a string at run time is a value error, not a compile error
            row.reset(StreamRecord.of(open, 0L, "a", 2L), new Object[0]);
            assertThatThrownBy(() -> r.compiled().eval().eval(row)).isInstanceOf(ValueException.class);
        }

        @Test
        void unknownFunction() {
            SqlError e = onlyError("1 + nosuch(i)");
            assertThat(e.message()).containsIgnoringCase("unknown function nosuch");
            assertThat(e.column()).isEqualTo(5);
        }

        @Test
        void wrongArgumentCount() {
            SqlError e = onlyError("i +  UPPER(s, s)");
            assertThat(e.message()).isEqualTo("UPPER takes 1 argument, got 2");
            assertThat(onlyError("NOW(1)").message()).isEqualTo("NOW takes no arguments, got 1");
            assertThat(e.column()).isEqualTo(6);
        }

        @Test
        void arithmeticOnAStringColumn() {
            SqlError e = onlyError("s + 1");
            assertThat(e.message()).isEqualTo("'+' needs numbers, got STRING on the left");
            assertThat(e.column()).isEqualTo(1);
            assertThat(onlyError("i * s").message()).isEqualTo("'*' needs numbers, got STRING on the right");
            assertThat(onlyError("-s").message()).isEqualTo("'-' needs a number, got STRING");
        }

        @Test
        void comparingAStringColumnWithAnInteger() {
            SqlError e = onlyError("b AND s = 1");
            assertThat(e.message()).isEqualTo("cannot compare STRING with INTEGER");
            assertThat(e.column()).isEqualTo(7);
            assertThat(onlyError("i IN (1, 'x')").message()).isEqualTo("cannot compare INTEGER with STRING");
            List<SqlError> between = compile("s BETWEEN 1 AND 2", CLOSED).errors();
            assertThat(between).extracting(SqlError::message).containsOnly("cannot compare STRING with INTEGER");
            assertThat(between).extracting(SqlError::column).containsExactly(11, 17);
        }

        @Test
        void nonBooleanInABooleanContext() {
            SqlError e = onlyError("NOT 5");
            assertThat(e.message()).isEqualTo("NOT needs a BOOLEAN, got INTEGER");
            assertThat(e.column()).isEqualTo(5);
            assertThat(onlyError("b AND i").message()).isEqualTo("AND needs a BOOLEAN, got INTEGER");
            assertThat(onlyError("s OR b").message()).isEqualTo("OR needs a BOOLEAN, got STRING");
            assertThat(onlyError("TRUE AND 5").message()).isEqualTo("AND needs a BOOLEAN, got INTEGER");
            assertThat(onlyError("CASE WHEN i THEN 1 END").message()).isEqualTo("WHEN needs a BOOLEAN, got INTEGER");
        }

        @Test
        void aggregateInAStatelessContext() {
            SqlError e = onlyError("i + SUM(i)");
            assertThat(e.message()).isEqualTo("aggregate function SUM is not allowed here");
            assertThat(e.column()).isEqualTo(5);
            assertThat(onlyError("count(*)").message()).isEqualTo("aggregate function COUNT is not allowed here");
        }

        @Test
        void userAggregateInAStatelessContext() {
            SqlError e = onlyError("i + product(i)");
            assertThat(e.message()).isEqualTo("aggregate function PRODUCT is not allowed here");
            assertThat(e.column()).isEqualTo(5);
        }

        @Test
        void subqueriesAreNotSupportedYet() {
            assertThat(onlyError("i IN (SELECT x FROM t)").message()).isEqualTo("IN (subquery) is not supported yet");
            assertThat(onlyError("EXISTS (SELECT x FROM t)").message()).isEqualTo("EXISTS (subquery) is not supported yet");
            SqlError e = onlyError("i = (SELECT x FROM t)");
            assertThat(e.message()).isEqualTo("a scalar subquery is not supported yet");
            assertThat(e.column()).isEqualTo(5);
        }

        @Test
        void everyErrorIsReported() {
            List<SqlError> errors = compile("nope1 + nosuch(2) + s", CLOSED).errors();
            assertThat(errors).extracting(SqlError::column).contains(1, 9);
            assertThat(errors.size()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void sanityOfTheFixture() {
        assertThat(Arrays.asList(record().width(), CLOSED.size())).containsExactly(9, 9);
        assertThat(LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant()).isEqualTo(T);
    }
}
