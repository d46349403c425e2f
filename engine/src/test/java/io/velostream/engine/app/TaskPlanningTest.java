package io.velostream.engine.app;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.job.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which queries the compiler plans for tasks (docs/scaling.md#tasks): a GROUP BY aligned with the
 * input's partitions, and no other state. The assembly runs them as tasks only over a source whose
 * partitions instances share; here (a file) each keeps its single chain.
 */
class TaskPlanningTest {
    @TempDir
    Path dir;

    @Test
    void aGroupByKeyOrOverAKeyedByGroupSourceIsPlannedForTasks() throws IOException {
        Job.Input byKey = input("SELECT _key AS k, COUNT(*) AS n FROM orders GROUP BY _key", "");
        assertThat(byKey.tasks()).isNotNull();
        Operator task = byKey.tasks().get().get(0);
        assertThat(task).as("a fresh chain per task").isNotSameAs(byKey.operator()).isNotSameAs(byKey.tasks().get().get(0));
        assertThat(Chain.flatten(task)).extracting(o -> o.getClass().getSimpleName())
                .isEqualTo(Chain.flatten(byKey.operator()).stream().map(o -> o.getClass().getSimpleName()).toList());

        assertThat(input("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer",
                ", 'orders.keyed_by_group' = 'true'").tasks()).isNotNull();
    }

    @Test
    void aDistinctOrOverKeyedByTheRecordKeyOrOverAKeyedByGroupSourceIsPlannedForTasks() throws IOException {
        assertThat(input("SELECT DISTINCT _key, customer FROM orders", "").tasks()).isNotNull();
        assertThat(input("SELECT DISTINCT customer FROM orders", ", 'orders.keyed_by_group' = 'true'").tasks()).isNotNull();
        assertThat(input("SELECT customer, COUNT(*) OVER (PARTITION BY _key, customer) AS n FROM orders", "").tasks())
                .isNotNull();
        assertThat(input("SELECT customer, COUNT(*) OVER (PARTITION BY customer) AS n,"
                + " ROW_NUMBER() OVER (PARTITION BY customer ORDER BY customer) AS r FROM orders",
                ", 'orders.keyed_by_group' = 'true'").tasks()).isNotNull();
    }

    @Test
    void otherStateOrGroupingIsNot() throws IOException {
        assertThat(input("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer", "").tasks()).isNull();
        assertThat(input("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer",
                ", 'orders.keyed_by_group' = 'false'").tasks()).isNull();
        assertThat(input("SELECT DISTINCT customer FROM orders", "").tasks()).as("not keyed by its rows").isNull();
        assertThat(input("SELECT customer, COUNT(*) OVER (PARTITION BY customer) AS n FROM orders", "").tasks()).isNull();
        assertThat(input("SELECT _key, COUNT(*) OVER (ORDER BY customer) AS n FROM orders", "").tasks())
                .as("no PARTITION BY: one partition of every row").isNull();
        assertThat(input("SELECT COUNT(*) OVER (PARTITION BY _key) AS a, COUNT(*) OVER (PARTITION BY customer) AS b"
                + " FROM orders", "").tasks()).as("OVER clauses partitioned differently").isNull();
        assertThat(input("SELECT DISTINCT _key, COUNT(*) OVER (PARTITION BY _key) AS n FROM orders", "").tasks()).isNull();
        assertThat(input("SELECT customer FROM orders", "").tasks()).as("stateless: nothing to split").isNull();
    }

    private Job.Input input(String select, String options) throws IOException {
        Path orders = Files.writeString(dir.resolve("orders.csv"), "customer\nc1\n");
        String sql = "CREATE STREAM totals AS " + select + " WITH ('orders.type' = 'file_source', 'orders.format' = 'csv',"
                + " 'orders.path' = '" + orders + "', 'totals.type' = 'stdout'" + options + ")";
        Job job = ApplicationCompiler.withBuiltins().prepare(sql, new ApplicationCompiler.Options(null, "app.sql", Map.of()))
                .nextJob();
        return job.inputs().get(0);
    }
}
