package io.velostream.engine.fuzz;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import io.velostream.engine.internal.sql.parse.SqlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.velostream.engine.record.StreamRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Inputs the SQL front-end generators found crashing (SqlFrontEndFuzzTest), each named. */
class SqlFrontEndRegressionTest {
    private static final String WITH = " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')";

    @TempDir
    Path dir;

    private SqlException check(String sql) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "id,amount\n1,2.5\n");
        return catchThrowableOfType(SqlException.class, () -> ApplicationCompiler.withBuiltins(Connectors.builtIn())
                .check(sql, new ApplicationCompiler.Options(dir, null, Map.of())));
    }

    /** Was a StackOverflowError in AstBuilder (5 000 additions) and in the ANTLR parser (5 000 brackets). */
    @Test
    void deepNestingIsAPositionedErrorNotAStackOverflow() {
        String chain = "SELECT 1" + " + 1".repeat(5000) + " AS x FROM orders";
        SqlError error = catchThrowableOfType(SqlException.class, () -> SqlParser.parseApplication(chain, null))
                .errors().get(0);
        assertThat(error.message()).contains("nested too deeply");
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(8); // the first operand, where the chain is deepest

        String brackets = "(".repeat(50_000) + "1" + ")".repeat(50_000);
        SqlError bracketError = catchThrowableOfType(SqlException.class, () -> SqlParser.parseExpression(brackets))
                .errors().get(0);
        assertThat(bracketError.message()).contains("nested too deeply");
        assertThat(bracketError.column()).isBetween(1, brackets.length());

        assertThatThrownBy(() -> SqlParser.parseStatement("SELECT " + "CASE WHEN TRUE THEN ".repeat(5000) + "1"
                + " END".repeat(5000) + " AS x FROM orders")).isInstanceOf(SqlException.class)
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void nestingWithinTheBoundStillParsesAndChecks() throws Exception {
        assertThat(SqlParser.parseExpression("(".repeat(200) + "1" + ")".repeat(200))).isNotNull();
        assertThat(check("SELECT amount" + " + 1".repeat(950) + " AS x FROM orders" + WITH)).isNull();
    }

    /**
     * Was cubic in the number of select items (each repeated name searched a list once per suffix
     * tried): 2 000 items took 8 s to check, 8 000 took 216 s.
     */
    @Test
    void manySelectItemsOfOneNameCheckWithinTheBoundAndKeepTheirNames() throws Exception {
        String sql = "SELECT " + "amount, ".repeat(20_000) + "1 AS x FROM orders" + WITH;
        assertThat(Fuzz.bounded(java.time.Duration.ofSeconds(10), 0, "20 000 select items", () -> check(sql))).isNull();

        List<StreamRecord> out = DifferentialQueryFuzzTest.run("SELECT v, v, v AS v_2, v, k AS v_3, v FROM orders INTO out",
                List.of(new StreamRecord(DifferentialQueryFuzzTest.ORDERS, new Object[] {1L, "a", 7L}, null, 0, 0, "orders", 0,
                        0, null)));
        assertThat(out.get(0).schema().names()).containsExactly("v", "v_2", "v_2_2", "v_3", "v_3_2", "v_4");
    }

    /** Was a NullPointerException in ApplicationCompiler.endpointOf: a derived table has no endpoint name. */
    @Test
    void derivedTableInFromIsCheckedWithoutANullPointer() throws Exception {
        SqlException e = check("SELECT * FROM (SELECT * FROM orders)" + WITH);
        if (e != null) { // a derived table may be unsupported: then it is a positioned error
            assertThat(e.errors()).allSatisfy(err -> assertThat(err.line()).isEqualTo(1));
        }
        SqlException nested = check("SELECT * FROM (SELECT * FROM (SELECT * FROM orders))" + WITH);
        if (nested != null) {
            assertThat(nested.errors()).allSatisfy(err -> assertThat(err.line()).isEqualTo(1));
        }
    }

    /** Was an ArithmeticException (BigInteger would overflow) while folding the constant CAST. */
    @Test
    void hugeDecimalScaleIsAPositionedError() throws Exception {
        for (String value : new String[] {"1", "amount"}) {
            SqlException e = check("SELECT CAST(" + value + " AS DECIMAL(38, 2147483647)) AS x FROM orders" + WITH);
            assertThat(e).isNotNull();
            assertThat(e.errors().get(0).message()).contains("DECIMAL scale 2147483647 is out of range");
            assertThat(e.errors().get(0).column()).isEqualTo(8);
        }
        assertThat(check("SELECT CAST(amount AS DECIMAL(1000, 1000)) AS x FROM orders" + WITH)).isNull();
    }
}
