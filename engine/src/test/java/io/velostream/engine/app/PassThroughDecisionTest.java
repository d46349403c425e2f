package io.velostream.engine.app;

import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.PassThroughSink;
import io.velostream.engine.io.PassThroughSource;
import io.velostream.engine.job.Job;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which jobs write their records as read (docs/kafka.md#raw-pass-through), decided when compiling. */
class PassThroughDecisionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM orders",
            "SELECT * FROM orders WHERE amount > 1",
            "SELECT customer, amount FROM orders",
            "SELECT customer, amount FROM orders WHERE customer <> 'x' LIMIT 5",
            "SELECT orders.* FROM orders"})
    void queriesThatLeaveTheirRecordsUnchangedQualify(String select) throws IOException {
        assertThat(PassThroughDecision.forwardsRecords(input(select).operator())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT customer FROM orders",
            "SELECT amount, customer FROM orders",
            "SELECT customer AS c, amount FROM orders",
            "SELECT customer, amount AS amount FROM orders WHERE amount > 1 ORDER BY customer",
            "SELECT *, 1 AS one FROM orders",
            "SELECT customer PRIMARY KEY, amount FROM orders",
            "SELECT customer, amount, SET_HEADER('h', 'v') AS h FROM orders",
            "SELECT DISTINCT * FROM orders",
            "SELECT * FROM orders ORDER BY amount",
            "SELECT customer, COUNT(*) AS amount FROM orders GROUP BY customer",
            "SELECT customer, amount FROM orders GROUP BY customer, amount"})
    void queriesThatChangeOrHoldRecordsDoNot(String select) throws IOException {
        assertThat(PassThroughDecision.forwardsRecords(input(select).operator())).isFalse();
    }

    @Test
    void theReadersKeepTheirOriginalsOnlyWhenTheSinkAcceptsEverySource() throws IOException {
        Job.Input pass = input("SELECT * FROM orders");
        Job.Input filter = new Job.Input("b", new Source(), input("SELECT * FROM orders WHERE amount > 1").operator());
        Job.Input projection = new Job.Input("c", new Source(), input("SELECT customer FROM orders").operator());
        List<EndpointSpec> read = List.of(new EndpointSpec("a", "kafka_source", Map.of(), null, null));

        Source a = new Source();
        Sink accepting = new Sink(true);
        assertThat(PassThroughDecision.apply(accepting, List.of(new Job.Input("a", a, pass.operator()), filter), read)).isTrue();
        assertThat(accepting.asked).containsExactly(read);
        assertThat(a.keeps).isTrue();
        assertThat(a.slotsRead).as("an open schema no query named anything in: nothing to decode").isZero();
        assertThat(((Source) filter.reader()).keeps).isTrue();

        Source b = new Source();
        Sink refusing = new Sink(false);
        assertThat(PassThroughDecision.apply(refusing, List.of(new Job.Input("a", b, pass.operator())), read)).isFalse();
        assertThat(b.keeps).as("the sink refused the sources").isFalse();

        Source c = new Source();
        Sink notAsked = new Sink(true);
        assertThat(PassThroughDecision.apply(notAsked, List.of(new Job.Input("a", c, pass.operator()), projection), read))
                .isFalse();
        assertThat(notAsked.asked).as("one input changes its records: the sink is not even asked").isEmpty();
        assertThat(c.keeps).isFalse();
    }

    private Job.Input input(String select) throws IOException {
        Path orders = Files.writeString(dir.resolve("orders.csv"), "customer,amount\nc1,2\n");
        String sql = "CREATE STREAM copy AS " + select + " WITH ('orders.type' = 'file_source', 'orders.format' = 'csv',"
                + " 'orders.path' = '" + orders + "', 'copy.type' = 'stdout')";
        Job job = ApplicationCompiler.withBuiltins().prepare(sql, new ApplicationCompiler.Options(null, "app.sql", Map.of()))
                .nextJob();
        return job.inputs().get(0);
    }

    private static final class Source implements PassThroughSource {
        final Schema schema = Schema.open();
        boolean keeps;
        int slotsRead = -1;

        @Override
        public void keepOriginals(int slotsRead) {
            keeps = true;
            this.slotsRead = slotsRead;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public boolean isBounded() {
            return true;
        }

        @Override
        public boolean read(List<StreamRecord> batch, int max) {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private static final class Sink implements PassThroughSink {
        final boolean accepts;
        final List<List<EndpointSpec>> asked = new ArrayList<>();

        Sink(boolean accepts) {
            this.accepts = accepts;
        }

        @Override
        public boolean writeOriginals(List<EndpointSpec> sources) {
            asked.add(sources);
            return accepts;
        }

        @Override
        public void write(List<StreamRecord> batch) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
