package io.velostream.engine.app;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.io.memory.MemoryWriter;
import io.velostream.engine.job.Job;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options a service gives the compiler: default endpoint types and per-job defaults. */
class ApplicationCompilerOptionsTest {
    private static final String SQL = "CREATE STREAM big AS SELECT id FROM orders; CREATE STREAM small AS SELECT id FROM orders";

    private final ApplicationCompiler compiler = ApplicationCompiler.withBuiltins(new Connectors().register(new ConnectorFactory() {
        @Override
        public String type() {
            return "memory";
        }

        @Override
        public DataReader openReader(EndpointSpec spec) {
            return new MemoryReader(List.of(StreamRecord.of(Schema.of("id"), 0, 1L)));
        }

        @Override
        public DataWriter openWriter(EndpointSpec spec) {
            return new MemoryWriter();
        }
    }));

    @Test
    void endpointsWithNoTypeTakeTheDefaultTypesAndEachJobItsOwnDefaults() {
        PreparedApplication app = compiler.prepare(SQL, new ApplicationCompiler.Options(null, null,
                Map.of("batch.size", "5"), Map.of("big", Map.of("batch.size", "7")), "memory", "memory"));
        Job big = app.nextJob();
        Job small = app.nextJob();
        assertThat(big.context().config().batchSize()).isEqualTo(7);
        assertThat(small.context().config().batchSize()).isEqualTo(5);
    }

    @Test
    void withoutDefaultTypesAnEndpointMustDeclareOne() {
        assertThatThrownBy(() -> compiler.check(SQL, new ApplicationCompiler.Options(null, null, Map.of())))
                .isInstanceOf(SqlException.class).hasMessageContaining("has no type");
    }
}
