package io.velostream.engine.app;

import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.Schema;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.parse.SqlParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsTest {
    private static final String SQL = "SELECT * FROM orders o JOIN customers c ON o.cid = c.id INTO out WITH ("
            + "'batch.size' = '5', 'orders.type' = 'file_source', 'orders.path' = 'o.csv', 'Orders.batch.size' = '9',"
            + " 'out.type' = 'FILE_SINK', 'out.path' = 'out.csv', 'lookup.type' = 'file_source')";

    private static final Set<String> TYPES = Set.of("file_source", "file_sink", "kafka_source", "kafka_sink");

    private final Diagnostics diagnostics = new Diagnostics("app.sql", SQL);
    private final Statement st = SqlParser.parseApplication(SQL, "app.sql").statements().get(0);
    private final Query.Select select = (Query.Select) st.query();

    private Endpoints endpoints(Map<String, String> defaults, String defaultSourceType) {
        return new Endpoints(new ApplicationCompiler.Options(Path.of("/base"), "app.sql", defaults, Map.of(),
                defaultSourceType, null), diagnostics);
    }

    @Test
    void namesAreFromJoinTargetAndTypedWithKeys() {
        assertThat(Endpoints.names(st, List.of(select), st.with(), TYPES)).containsExactly("orders", "customers", "out", "lookup");
    }

    /** A client property ending in {@code .type} is no endpoint: it reaches every endpoint (docs/kafka.md#security). */
    @Test
    void aTypeKeyWhoseValueIsNoConnectorTypeStaysWithTheJob() {
        String sql = "SELECT * FROM orders INTO out WITH ('ssl.truststore.type' = 'JKS', 'ssl.truststore.location' = '/t.jks',"
                + " 'compression.type' = 'lz4', 'lookup.type' = 'KAFKA_TABLE', 'lookup.primary_key' = 'id')";
        Statement statement = SqlParser.parseApplication(sql, "app.sql").statements().get(0);
        Set<String> names = Endpoints.names(statement, List.of((Query.Select) statement.query()), statement.with(), TYPES);
        assertThat(names).containsExactly("orders", "out", "lookup");
        assertThat(endpoints(Map.of(), null).jobKeys("j", statement.with(), names)).containsExactlyInAnyOrderEntriesOf(
                Map.of("ssl.truststore.type", "JKS", "ssl.truststore.location", "/t.jks", "compression.type", "lz4"));
    }

    @Test
    void jobKeysAreTheServiceDefaultsOverriddenByWithKeysOfNoEndpoint() {
        Map<String, String> jobKeys = endpoints(Map.of("batch.size", "1", "bootstrap.servers", "k:9092"), null)
                .jobKeys("j", st.with(), Endpoints.names(st, List.of(select), st.with(), TYPES));
        assertThat(jobKeys).containsExactlyInAnyOrderEntriesOf(Map.of("batch.size", "5", "bootstrap.servers", "k:9092"));
    }

    @Test
    void anEndpointsOwnKeysOverrideJobKeysInAnyCaseOfItsName() {
        Map<String, String> opts = Endpoints.options("orders", st.with(), Map.of("batch.size", "5", "x", "y"));
        assertThat(opts).containsExactlyInAnyOrderEntriesOf(Map.of("type", "file_source", "path", "o.csv",
                "batch.size", "9", "x", "y"));
    }

    @Test
    void sourcesAndSinksTakeTheirTypeFromWithLowerCased() {
        Endpoints endpoints = endpoints(Map.of(), null);
        EndpointSpec sink = endpoints.sink(st, st.with(), Map.of(), e -> { });
        assertThat(sink.type()).isEqualTo("file_sink");
        assertThat(sink.options()).containsEntry("path", "out.csv").doesNotContainKey("type");
        assertThat(sink.baseDir()).isEqualTo(Path.of("/base"));
        assertThat(endpoints.source(select.from(), st.with(), Map.of(), e -> { }).type()).isEqualTo("file_source");
    }

    @Test
    void aSourceWithoutTypeReadsTheFileAnEarlierStatementWroteElseTheDefaultTypeElseAnError() {
        Query.Source customers = select.joins().get(0).right();
        Endpoints endpoints = endpoints(Map.of(), null);
        assertThat(endpoints.source(customers, st.with(), Map.of(), e -> { })).isNull();
        assertThat(diagnostics.hasErrors()).isTrue();

        endpoints.produced(new EndpointSpec("customers", "file_sink", Map.of("path", "c.csv", "append", "true"),
                Path.of("/base"), e -> { }), Schema.of("id"));
        EndpointSpec written = endpoints.source(customers, st.with(), Map.of(), e -> { });
        assertThat(written.type()).isEqualTo("file_source");
        assertThat(written.options()).containsExactlyEntriesOf(Map.of("path", "c.csv"));

        assertThat(endpoints(Map.of(), "kafka_source").source(customers, st.with(), Map.of(), e -> { }).type())
                .isEqualTo("kafka_source");
    }

    @Test
    void aStatementWithoutTargetWritesToStdout() {
        Statement select = SqlParser.parseApplication("SELECT * FROM t WITH ('t.type' = 'file_source')", null)
                .statements().get(0);
        EndpointSpec sink = endpoints(Map.of(), null).sink(select, select.with(), Map.of("batch.size", "3"), e -> { });
        assertThat(sink.name()).isEqualTo("stdout");
        assertThat(sink.type()).isEqualTo("stdout");
        assertThat(sink.options()).containsEntry("batch.size", "3");
    }
}
