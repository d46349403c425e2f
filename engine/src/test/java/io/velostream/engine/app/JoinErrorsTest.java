package io.velostream.engine.app;

import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** Joins and subqueries that cannot work are errors at analysis, with line and column. */
class JoinErrorsTest {
    @TempDir
    Path dir;

    private static final String SOURCES = " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv',"
            + " 'customers.type' = 'file_source', 'customers.path' = 'customers.csv', 'customers.primary_key' = 'id')";

    private SqlException check(String sql) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,amount\n1,1,2.50\n");
        Files.writeString(dir.resolve("customers.csv"), "id,name\n1,ann\n");
        return catchThrowableOfType(SqlException.class, () -> ApplicationCompiler.withBuiltins()
                .check(sql, new ApplicationCompiler.Options(dir, "app.sql", Map.of())));
    }

    @Test
    void aTableJoinMustCompareTheTablesKey() throws Exception {
        SqlException e = check("SELECT o.order_id FROM orders o JOIN customers c ON o.customer_id = c.name" + SOURCES);
        assertThat(e.errors()).extracting(SqlError::line, SqlError::column, SqlError::message).containsExactly(
                tuple(1, 69, "a stream–table join looks rows up by the table's key (id): compare with those columns"));
    }

    @Test
    void anUnknownJoinSourceIsNamed() throws Exception {
        SqlException e = check("SELECT o.order_id FROM orders o JOIN nowhere n ON o.customer_id = n.id" + SOURCES);
        assertThat(e.errors()).extracting(SqlError::column).containsExactly(38);
        assertThat(e.errors().get(0).message()).startsWith("source 'nowhere' has no type");
    }

    @Test
    void aStreamJoinNeedsATimeBound() throws Exception {
        SqlException e = check("SELECT a.order_id FROM orders a JOIN orders2 b ON a.order_id = b.order_id"
                + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv',"
                + " 'orders2.type' = 'file_source', 'orders2.path' = 'orders.csv')");
        assertThat(e.errors()).extracting(SqlError::message).containsExactly(
                "a stream–stream join needs a time bound: WITHIN d, or b.t BETWEEN a.t - INTERVAL … AND a.t + INTERVAL … in ON");
    }

    @Test
    void ambiguousColumnsNameBothSides() throws Exception {
        Files.writeString(dir.resolve("more.csv"), "order_id,note\n1,x\n");
        SqlException e = check("SELECT order_id FROM orders o JOIN more m ON o.order_id = m.order_id WITHIN 1s"
                + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv',"
                + " 'more.type' = 'file_source', 'more.path' = 'more.csv')");
        assertThat(e.errors()).extracting(SqlError::column, SqlError::message).containsExactly(
                tuple(8, "column 'order_id' is in more than one source: qualify it (o.order_id or m.order_id)"));
    }

    @Test
    void subqueriesReadTablesByKey() throws Exception {
        SqlException e = check("SELECT order_id, (SELECT name FROM customers) AS n,\n"
                + "  EXISTS (SELECT 1 FROM customers c WHERE c.name = order_id) AS x,\n"
                + "  order_id IN (SELECT amount FROM orders) AS y FROM orders" + SOURCES);
        assertThat(e.errors()).extracting(SqlError::line, SqlError::message).containsExactly(
                tuple(1, "a scalar subquery must find one row by the table's key: WHERE id = …"),
                tuple(2, "a subquery's WHERE may only compare the table's key (id) with the outer query, one column once"),
                tuple(3, "subqueries read tables: 'orders' is not a table (CREATE TABLE, or a source with a primary_key)"));
    }
}
