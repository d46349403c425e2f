package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParseErrorTest {

    private static List<SqlError> errors(String sql) {
        SqlException e = catchThrowableOfType(SqlException.class, () -> SqlParser.parseApplication(sql, "app.sql"));
        assertThat(e).as("expected a SqlException for: %s", sql).isNotNull();
        return e.errors();
    }

    private static SqlError onlyError(String sql) {
        List<SqlError> errors = errors(sql);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT * FORM orders                 | 1 | 10 | unexpected 'FORM', expected FROM, ',' (did you mean FROM?)",
            "SELECT id, name FORM orders          | 1 | 17 | 'FORM' is read as a name here; did you mean FROM?",
            "SELEC * FROM t                       | 1 | 1  | unexpected 'SELEC', expected CREATE, INSERT, SELECT, ';', end of input (did you mean SELECT?)",
            "SELECT * FROM WHERE x = 1            | 1 | 15 | unexpected 'WHERE', expected '(', name",
            "SELECT * FROM t WHERE (a = 1         | 1 | 29 | unexpected end of input, expected ')', AND, OR, '+', '-', '*', …",
            "SELECT a FROM t WHERE x = 1 LIMT 5   | 1 | 29 | unexpected 'LIMT', expected AND, EMIT, GROUP, HAVING, INTO, LIMIT, … (did you mean LIMIT?)",
            "SELECT a FROM t EMIT CHANGE          | 1 | 22 | unexpected 'CHANGE', expected CHANGES, FINAL (did you mean CHANGES?)",
            "SELECT a FROM t ORDER BY a NULL LAST | 1 | 28 | unexpected 'NULL', expected AND, ASC, BETWEEN, DESC, EMIT, GROUP, … (did you mean NULLS?)",
            "SELECT a, FROM t                     | 1 | 11 | unexpected 'FROM', expected '*', expression",
            "SELECT a FROM t WINDOW TUMBLIN(5m)   | 1 | 24 | unexpected 'TUMBLIN', expected SESSION, SLIDING, TUMBLING (did you mean TUMBLING?)",
            "SELECT a FROM t WHERE a @ b          | 1 | 25 | unexpected character '@'",
            "SELECT a FROM t /* never closed      | 1 | 17 | unterminated comment",
            "SELECT 'abc FROM t                   | 1 | 8  | unterminated string literal",
            "SELECT 12abc FROM t                  | 1 | 8  | malformed number '12abc'",
            "SELECT a FROM t WHERE x = 1e         | 1 | 27 | malformed number '1e'",
            "INSERT INTO SELECT a FROM t          | 1 | 13 | unexpected 'SELECT', expected name",
            "SELECT a FROM t WHERE a = b = c      | 1 | 29 | unexpected '=', expected AND, EMIT, GROUP, HAVING, INTO, LIMIT, …",
    })
    void syntaxErrors(String sql, int line, int column, String message) {
        SqlError error = onlyError(sql);
        assertThat(error.source()).isEqualTo("app.sql");
        assertThat(error.line()).isEqualTo(line);
        assertThat(error.column()).isEqualTo(column);
        assertThat(error.message()).isEqualTo(message);
        assertThat(error.excerpt()).isEqualTo(sql.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT a FROM t WINDOW TUMBLING(5m) GROUP BY a                     | 17 | GROUP BY must come before WINDOW",
            "SELECT a FROM t GROUP BY a LIMIT 5 HAVING a > 1                    | 28 | HAVING must come before LIMIT",
            "SELECT a FROM t WINDOW SESSION(5m) HAVING a > 1 GROUP BY a         | 17 | GROUP BY must come before WINDOW",
            "SELECT a FROM t LIMIT 5 ORDER BY a                                 | 17 | ORDER BY must come before LIMIT",
            "SELECT a FROM t WITH ('k' = 'v') EMIT CHANGES                      | 17 | EMIT must come before WITH",
            "SELECT a FROM t GROUP BY a GROUP BY b                              | 28 | GROUP BY appears twice",
            "CREATE STREAM s AS SELECT a FROM t GROUP BY a WINDOW TUMBLING(1m) GROUP BY b | 67 | GROUP BY appears twice",
            "CREATE STREAM s AS SELECT a FROM t EMIT FINAL EMIT CHANGES         | 47 | EMIT appears twice",
            "SELECT a FROM t WITH ('k' = 'v', 'k' = 'w')                        | 34 | WITH property 'k' appears twice",
            "SELECT a FROM t WHERE x = INTERVAL '5' WEEK                        | 40 | unknown INTERVAL unit 'WEEK', expected MILLISECOND, SECOND, MINUTE, HOUR or DAY",
            "SELECT a FROM t WHERE x = INTERVAL 'soon' MINUTE                   | 36 | invalid INTERVAL amount 'soon', expected a whole number",
            "SELECT a FROM t WHERE x = 99999999999999999999                     | 27 | integer 99999999999999999999 is out of range (64-bit); write it as a decimal, e.g. 99999999999999999999.0",
            "SELECT a FROM t WINDOW SLIDING(5m)                                 | 24 | SLIDING takes a size and an advance: SLIDING([time_column,] size, advance [, GRACE PERIOD g])",
            "SELECT a FROM t WINDOW TUMBLING(5m, 1m)                            | 24 | TUMBLING takes one size: TUMBLING([time_column,] size [, GRACE PERIOD g])",
            "SELECT a FROM t WINDOW SESSION(ts, gap)                            | 36 | expected a duration such as 30s, 5m or INTERVAL '5' MINUTE",
            "SELECT a FROM t WINDOW TUMBLING(ts)                                | 33 | expected a duration such as 30s, 5m or INTERVAL '5' MINUTE",
            "SELECT a FROM t EMIT CHANGES UNION ALL SELECT a FROM u             | 17 | EMIT must come after the last SELECT of the UNION ALL",
            "SELECT a FROM t WHERE a IN (SELECT b FROM u INTO v)                | 45 | INTO is not allowed in a subquery",
            "SELECT a FROM (SELECT b FROM u WITH ('k' = 'v')) x                 | 32 | WITH is not allowed in a subquery",
    })
    void checksBeyondSyntax(String sql, int column, String message) {
        SqlError error = onlyError(sql);
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(column);
        assertThat(error.message()).isEqualTo(message);
    }

    @Test
    void errorOnLineThreeOfAnApplication() {
        SqlError error = onlyError("""
                -- @name: first
                SELECT a FROM t;
                SELECT b FROM WHERE x = 1;
                SELECT c FROM v;
                """);
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(15);
        assertThat(error.excerpt()).isEqualTo("SELECT b FROM WHERE x = 1;");
        assertThat(error.format()).isEqualTo("""
                app.sql:3:15: unexpected 'WHERE', expected '(', name
                  SELECT b FROM WHERE x = 1;
                                ^""");
    }

    @Test
    void windowsLineEndings() {
        SqlError error = onlyError("SELECT a FROM t;\r\nSELECT b\r\nFROM WHERE;\r\n");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(6);
        assertThat(error.excerpt()).isEqualTo("FROM WHERE;");
    }

    @Test
    void everyStatementsErrorIsReported() {
        List<SqlError> errors = errors("""
                SELECT a FROM t WHERE;
                SELECT b FROM u;
                CREATE STREAM s AS
                  SELECT c FRM v;
                """);
        assertThat(errors).extracting(SqlError::line, SqlError::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 22), org.assertj.core.groups.Tuple.tuple(4, 12));
        assertThat(errors.get(0).message()).isEqualTo("unexpected ';', expected expression");
        assertThat(errors.get(1).message()).isEqualTo("'FRM' is read as a name here; did you mean FROM?");
    }

    @Test
    void semanticErrorsOfSeveralStatementsAreAllReported() {
        List<SqlError> errors = errors("""
                SELECT a FROM t WINDOW TUMBLING(1m) GROUP BY a;
                CREATE TABLE x AS SELECT a FROM t LIMIT 1 LIMIT 2;
                """);
        assertThat(errors).extracting(SqlError::headline).containsExactly(
                "app.sql:1:17: GROUP BY must come before WINDOW",
                "app.sql:2:43: LIMIT appears twice");
    }

    @Test
    void expectedListIsCapped() {
        String message = onlyError("SELECT a FROM t WITH ('k' = )").message();
        assertThat(message).startsWith("unexpected ')', expected FALSE, TRUE, '-', ").endsWith(", …");
        assertThat(message.substring(message.indexOf(", expected ") + 2).split(", ")).hasSize(7);
    }

    @Test
    void parseStatementAndExpressionReportInlineErrors() {
        SqlException e = catchThrowableOfType(SqlException.class, () -> SqlParser.parseStatement("SELECT FROM t"));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.source()).isNull();
            assertThat(err.column()).isEqualTo(8);
        });
        SqlException x = catchThrowableOfType(SqlException.class, () -> SqlParser.parseExpression("a +"));
        assertThat(x.errors()).singleElement().extracting(SqlError::message)
                .isEqualTo("unexpected end of input, expected expression");
        SqlException twoStatements = catchThrowableOfType(SqlException.class,
                () -> SqlParser.parseStatement("SELECT a FROM t; SELECT b FROM u"));
        assertThat(twoStatements.errors()).singleElement().extracting(SqlError::column).isEqualTo(18);
    }
}
