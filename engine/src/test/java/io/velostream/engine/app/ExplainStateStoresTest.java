package io.velostream.engine.app;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate --explain} names each store of a job with its own changelog topic (docs/kafka.md#state). */
class ExplainStateStoresTest {
    @Test
    void eachStoreOfAJobHasItsOwnChangelogTopicNamedUniquely() {
        CompiledApplication app = ApplicationCompiler.withBuiltins().check("""
                -- SQL Application: shop
                CREATE STREAM w AS
                SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(1m)
                UNION ALL
                SELECT symbol, COUNT(*) AS n FROM trades2 GROUP BY symbol WINDOW SESSION(5m)
                WITH ('mode' = 'transactional', 'event.time.field' = 'ts',
                      'trades.type' = 'kafka_source', 'trades2.type' = 'kafka_source', 'w.type' = 'kafka_sink');
                -- keyed by its rows: not a repartition, for which the check would ask the broker (docs/scaling.md#repartition)
                CREATE STREAM d AS SELECT DISTINCT symbol FROM trades
                WITH ('trades.type' = 'kafka_source', 'trades.keyed_by_group' = 'true', 'd.type' = 'kafka_sink');
                """, new ApplicationCompiler.Options(null, "shop.sql", Map.of("bootstrap.servers", "localhost:1")));

        assertThat(app.warnings()).as("no state is in memory only: nothing to warn about").isEmpty();
        assertThat(app.explain().get(0).stateStores()).containsExactly(
                "watermark: changelog shop-w-watermark-changelog", "windows: changelog shop-w-windows-changelog",
                "watermark2: changelog shop-w-watermark2-changelog", "sessions: changelog shop-w-sessions-changelog");
        assertThat(app.explain().get(1).stateStores()).containsExactly("distinct: changelog shop-d-distinct-changelog");
        assertThat(app.explain().get(0).topicsCreated()).contains("shop-w-windows-changelog", "shop-w-sessions-changelog");
        assertThat(app.explain().get(1).scaling()).as("a DISTINCT over a source keyed by its rows runs as tasks")
                .isEqualTo("tasks, one per partition of trades, shared by replicas and threads (docs/scaling.md#tasks)");
    }
}
