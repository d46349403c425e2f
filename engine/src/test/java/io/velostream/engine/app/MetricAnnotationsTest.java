package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobListener;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.job.RowMetric;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** {@code @metric} annotations compile against the output columns and observe each committed output row. */
class MetricAnnotationsTest {
    @TempDir
    Path dir;

    private static final String QUERY = "CREATE STREAM big AS SELECT id, region, CAST(amount AS INTEGER) AS amount FROM orders"
            + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv',"
            + " 'big.type' = 'file_sink', 'big.path' = 'big.jsonl', 'big.format' = 'jsonl',"
            + " 'failure_strategy' = 'LogAndContinue')";

    private ApplicationCompiler.Options options() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "id,region,amount\n1,EU,120\n2,US,15\n3,EU,300\n4,US,x\n5,APAC,500\n");
        return new ApplicationCompiler.Options(dir, "app.sql", Map.of());
    }

    private SqlException check(String annotations) throws Exception {
        ApplicationCompiler.Options options = options();
        return catchThrowableOfType(SqlException.class,
                () -> ApplicationCompiler.withBuiltins().check(annotations + QUERY, options));
    }

    @Test
    void mistakesAreErrorsWithLineAndColumn() throws Exception {
        SqlException e = check("""
                -- @metric: big_orders_total
                -- @metric_labels: region, nation
                -- @metric_condition: amount > 100 AND regon = 'EU'
                -- @metric: amounts
                -- @metric_type: histogram
                -- @metric_condition: amount +
                -- @metric: levels
                -- @metric_type: gauge
                -- @metric_condition: amount + 1
                """);
        assertThat(e.errors()).extracting(SqlError::line, SqlError::column, SqlError::message).containsExactly(
                tuple(2, 20, "unknown column 'nation' in @metric_labels (output columns: id, region, amount)"),
                tuple(3, 40, "unknown column 'regon' (output columns: id, region, amount)"),
                tuple(6, 31, "@metric_condition: unexpected end of input, expected expression"),
                tuple(4, 13, "metric 'amounts' is a histogram: name its value column with @metric_field"),
                tuple(9, 23, "@metric_condition must be a boolean expression, got INTEGER"),
                tuple(7, 13, "metric 'levels' is a gauge: name its value column with @metric_field"));
    }

    @Test
    void eachCommittedOutputRowUpdatesItsMetrics() throws Exception {
        String sql = """
                -- @metric: big_orders_total
                -- @metric_labels: region
                -- @metric_condition: amount > 100
                -- @metric: order_amount
                -- @metric_type: histogram
                -- @metric_field: amount
                -- @metric_buckets: 100, 1000
                -- @metric_sample_rate: 0.5
                """ + QUERY;
        PreparedApplication app = ApplicationCompiler.withBuiltins().prepare(sql, options());
        Job job = app.nextJob();
        List<RowMetric> metrics = job.context().rowMetrics();
        assertThat(metrics).extracting(RowMetric::name, RowMetric::type, RowMetric::labels).containsExactly(
                tuple("big_orders_total", RowMetric.Type.COUNTER, List.of("region")),
                tuple("order_amount", RowMetric.Type.HISTOGRAM, List.of()));
        List<String> seen = new ArrayList<>();
        List<RecordError.Kind> errors = new ArrayList<>();
        job.context().listener(new JobListener() {
            @Override
            public void batchCommitted(Job.Input input, List<StreamRecord> in, List<StreamRecord> out, long nanos) {
                for (RowMetric m : metrics) {
                    m.observe(out, (labels, value) -> seen.add(m.name() + Arrays.toString(labels) + "=" + value));
                }
            }

            @Override
            public void recordError(RecordError error, boolean deadLettered) {
                errors.add(error.kind());
            }
        });
        new JobRunner().run(job);
        // Rows 1, 2, 3, 5 are written (4 fails its CAST); the histogram samples every second one.
        assertThat(seen).containsExactlyInAnyOrder("big_orders_total[EU]=1.0", "big_orders_total[EU]=1.0",
                "big_orders_total[APAC]=1.0", "order_amount[]=15.0", "order_amount[]=500.0");
        assertThat(errors).containsExactly(RecordError.Kind.EVAL);
    }
}
