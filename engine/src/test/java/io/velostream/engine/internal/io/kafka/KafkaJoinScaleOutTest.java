package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.CompiledApplication;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stream–stream join whose sides are co-partitioned on its key, {@code ON o._key = p._key}, runs as tasks
 * (docs/scaling.md#co-partitioned-joins): the joined side's reader follows the FROM's assignment.
 */
@Timeout(240)
class KafkaJoinScaleOutTest extends JoinScaleOutScenario {
    @Override
    String on() {
        return "o._key = p._key";
    }

    @Override
    boolean sameKeys() {
        return true;
    }

    @Override
    List<String> repartitionTopics() {
        return List.of();
    }

    @Test
    void coPartitionedSidesWithDifferentPartitionCountsAreAStartupError() throws Exception {
        String sql = paid("simple", topic(PARTITIONS), topic(PARTITIONS + 2), topic(1), "o._key = p._key");
        assertThatThrownBy(() -> new AppInstance("a", sql, options("a")).close())
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("co-partitioned on the join key")
                .hasMessageContaining("has 4 partitions")
                .hasMessageContaining("has 6")
                .hasMessageContaining("docs/scaling.md#co-partitioned-joins");
    }

    /** The scaling line of {@code validate --explain} (docs/cli.md#validate). */
    @Test
    void validateExplainSaysWhichJoinsRunAsTasks() throws Exception {
        String orders = topic(PARTITIONS);
        String payments = topic(PARTITIONS);
        String sql = paid("transactional", orders, payments, topic(1), "o._key = p._key") + ";\n"
                + paid("transactional", orders, payments, topic(1), "o.id = p.id").replace("STREAM paid", "STREAM byid")
                .replace("'paid.", "'byid.") + ";\n"
                + paid("transactional", orders, payments, topic(1), "o.id = p.id").replace("STREAM paid", "STREAM star")
                .replace("'paid.", "'star.").replace("o.id, p.paid", "*");
        CompiledApplication app = ApplicationCompiler.withBuiltins().check(sql, options());
        assertThat(app.jobNames()).containsExactly("paid", "byid-repartition", "byid-repartition-1", "byid", "star");
        String coPartitioned = " with the same partition of %s (co-partitioned join), shared by replicas and threads"
                + " (docs/scaling.md#tasks)";
        assertThat(app.explain().get(0).scaling()).isEqualTo("tasks, one per partition of orders"
                + coPartitioned.formatted("payments"));
        assertThat(app.explain().get(1).topicsWritten()).containsExactly(application + "-byid-repartition-0");
        assertThat(app.explain().get(2).topicsWritten()).containsExactly(application + "-byid-repartition-1");
        assertThat(app.explain().get(3).scaling()).isEqualTo("tasks, one per partition of " + application
                + "-byid-repartition-0" + coPartitioned.formatted(application + "-byid-repartition-1"));
        assertThat(app.explain().get(4).scaling()).startsWith("one replica, one thread: its state (stream-stream join buffers)");
        assertThat(app.warnings()).extracting(w -> w.message()).singleElement().asString()
                .contains("job star is not repartitioned").contains("it selects *");
    }

}
