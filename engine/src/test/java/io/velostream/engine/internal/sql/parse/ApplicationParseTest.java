package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.internal.sql.ast.Application;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Query.Select;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.ast.Statement.Annotation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.velostream.engine.internal.sql.parse.SqlParser.parseApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ApplicationParseTest {

    @Test
    void statementsSeparatedBySemicolonsWithTextAsWritten() {
        Application app = parseApplication("SELECT a FROM t;\n\n  SELECT b\n  FROM u;;\nINSERT INTO s SELECT c FROM v", "app.sql");
        assertThat(app.statements()).extracting(Statement::text)
                .containsExactly("SELECT a FROM t", "SELECT b\n  FROM u", "INSERT INTO s SELECT c FROM v");
        assertThat(app.statements()).extracting(Statement::pos)
                .containsExactly(new Position(1, 1), new Position(3, 3), new Position(5, 1));
        assertThat(app.header()).isEmpty();
    }

    @Test
    void emptyAndCommentOnlyFiles() {
        assertThat(parseApplication("", "a.sql").statements()).isEmpty();
        Application comments = parseApplication("-- SQL Application: Nothing\n/* yet */\n;\n", "a.sql");
        assertThat(comments.statements()).isEmpty();
        assertThat(comments.header()).containsExactly(entry("SQL Application", "Nothing"));
    }

    @Test
    void annotationsAboveEachStatement() {
        Application app = parseApplication("""
                -- @name: first_job
                -- @job_mode: transactional
                SELECT a FROM t;   -- @name: trailing comments annotate nothing

                -- Stage 2: a heading between annotation blocks
                -- @metric: orders_total
                -- @metric_type: counter

                /* block comments are skipped too */
                -- @metric: order_amount
                -- @metric_type: histogram
                -- @metric_buckets: 10, 100, 1000
                --@batch_size:500
                CREATE STREAM s AS SELECT b FROM u;
                SELECT c FROM v
                """, "app.sql");
        assertThat(app.statements().get(0).annotations()).containsExactly(
                new Annotation("name", "first_job", 1), new Annotation("job_mode", "transactional", 2));
        assertThat(app.statements().get(1).annotations()).containsExactly(
                new Annotation("metric", "orders_total", 6), new Annotation("metric_type", "counter", 7),
                new Annotation("metric", "order_amount", 10), new Annotation("metric_type", "histogram", 11),
                new Annotation("metric_buckets", "10, 100, 1000", 12), new Annotation("batch_size", "500", 13));
        assertThat(app.statements().get(2).annotations()).isEmpty();
    }

    @Test
    void fileHeaderAndFileLevelAnnotations() {
        Application app = parseApplication("""
                -- SQL Application: Order Analytics
                -- Version: 1.2.0
                -- Description:   Per-region order totals
                -- @app: order_analytics
                -- @observability.metrics.enabled: true
                -- @observability.tracing.enabled: false

                -- @name: totals
                -- @observability.metrics.enabled: true
                CREATE TABLE totals AS SELECT region, SUM(amount) FROM orders GROUP BY region;
                """, "app.sql");
        assertThat(app.header()).containsExactly(
                entry("SQL Application", "Order Analytics"), entry("Version", "1.2.0"),
                entry("Description", "Per-region order totals"), entry("app", "order_analytics"),
                entry("observability.metrics.enabled", "true"), entry("observability.tracing.enabled", "false"));
        assertThat(app.statements().get(0).annotations()).containsExactly(new Annotation("name", "totals", 8));
    }

    @Test
    void parseStatementKeepsItsAnnotations() {
        Statement s = SqlParser.parseStatement("-- @name: one\nSELECT a FROM t;");
        assertThat(s.annotations()).containsExactly(new Annotation("name", "one", 1));
        assertThat(s.pos()).isEqualTo(new Position(2, 1));
    }

    /** A trading application in the style of the original Velostream's financial demo. */
    @Test
    void realisticTradingApplication() {
        Application app = parseApplication("""
                -- SQL Application: Trading Analytics
                -- Version: 2.0.0
                -- Description: Market data enrichment, OHLC bars, risk and price alerts
                -- @app: trading_analytics
                -- @observability.metrics.enabled: true

                -- =======================================================================
                -- Market data with event time
                -- =======================================================================
                -- @name: market_data_ts
                -- @metric: trading_ticks_total
                -- @metric_type: counter
                -- @metric_labels: symbol, exchange
                CREATE STREAM market_data_ts AS
                SELECT symbol, exchange, price, bid_price, ask_price, volume,
                       timestamp, timestamp AS _event_time
                FROM in_market_data
                EMIT CHANGES
                WITH (
                    'in_market_data.type' = 'kafka_source',
                    'in_market_data.topic' = 'market_data',
                    'event.time.field' = 'timestamp',
                    'watermark.max_out_of_orderness' = '5s',   -- tolerate reordering
                    'late.data.strategy' = 'dead_letter',
                    'market_data_ts.type' = 'kafka_sink'
                );

                -- Positions are a table keyed by trader and symbol
                -- @name: positions
                CREATE TABLE positions AS
                SELECT trader_id, symbol, SUM(quantity) AS net_qty, LAST_VALUE(price) AS last_price
                FROM in_trades
                GROUP BY trader_id, symbol
                WITH ('in_trades.type' = 'kafka_source');

                -- @name: ohlc_1m
                -- @job_mode: transactional
                -- @metric: trading_bar_volume
                -- @metric_type: histogram
                -- @metric_field: total_volume
                -- @metric_buckets: 100, 1000, 10000
                CREATE STREAM ohlc_1m AS
                SELECT symbol PRIMARY KEY,
                       FIRST_VALUE(price) AS open, MAX(price) AS high, MIN(price) AS low, LAST_VALUE(price) AS close,
                       SUM(volume) AS total_volume, COUNT(*) AS trades,
                       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY price) AS p95,
                       _window_start AS bar_start
                FROM market_data_ts
                HAVING COUNT(*) > 0
                WINDOW TUMBLING(_event_time, 1m, GRACE PERIOD 10s)
                GROUP BY symbol
                EMIT FINAL
                WITH ('market_data_ts.type' = 'kafka_source', 'ohlc_1m.type' = 'kafka_sink', 'failure_strategy' = 'SendToDLQ');

                -- @name: risk_monitor
                -- @metric: trading_risk_alerts_total
                -- @metric_type: counter
                -- @metric_condition: risk_level IN ('HIGH', 'CRITICAL')
                CREATE STREAM risk_monitor AS
                SELECT p.trader_id, p.symbol, m.price,
                       p.net_qty * m.price AS exposure,
                       CASE
                           WHEN ABS(p.net_qty * m.price) > 1000000 THEN 'CRITICAL'
                           WHEN ABS(p.net_qty * m.price) > 250000.00 THEN 'HIGH'
                           ELSE 'NORMAL'
                       END AS risk_level,
                       AVG(m.price) OVER (ROWS WINDOW BUFFER 50 ROWS PARTITION BY m.symbol ORDER BY m._event_time) AS avg_50,
                       LAG(m.price, 1) OVER (PARTITION BY m.symbol ORDER BY m._event_time) AS prev_price
                FROM market_data_ts m
                LEFT JOIN positions p ON p.symbol = m.symbol
                WHERE m.price > 0 AND p.trader_id IS NOT NULL
                EMIT CHANGES
                WITH ('risk_monitor.type' = 'kafka_sink');

                -- Price spikes against the last 5 minutes, stream-stream join
                -- @name: spikes
                SELECT a.symbol, a.price, b.price AS earlier_price,
                       (a.price - b.price) / b.price * 100 AS change_pct
                FROM market_data_ts a
                JOIN market_data_ts b ON a.symbol = b.symbol WITHIN 5m
                WHERE ABS((a.price - b.price) / b.price) > 0.05
                  AND a.exchange NOT IN ('TEST', "SANDBOX")
                INTO price_spikes
                WITH ('price_spikes.type' = 'file_sink', 'price_spikes.path' = 'out/spikes.jsonl', 'price_spikes.format' = 'jsonl')
                """, "trading.sql");

        assertThat(app.header()).containsExactly(entry("SQL Application", "Trading Analytics"),
                entry("Version", "2.0.0"),
                entry("Description", "Market data enrichment, OHLC bars, risk and price alerts"),
                entry("app", "trading_analytics"), entry("observability.metrics.enabled", "true"));
        List<Statement> statements = app.statements();
        assertThat(statements).extracting(Statement::kind).containsExactly(Statement.Kind.CREATE_STREAM,
                Statement.Kind.CREATE_TABLE, Statement.Kind.CREATE_STREAM, Statement.Kind.CREATE_STREAM,
                Statement.Kind.SELECT);
        assertThat(statements).extracting(Statement::target)
                .containsExactly("market_data_ts", "positions", "ohlc_1m", "risk_monitor", "price_spikes");
        assertThat(statements).extracting(s -> s.annotations().get(0).value())
                .containsExactly("market_data_ts", "positions", "ohlc_1m", "risk_monitor", "spikes");

        Statement market = statements.get(0);
        assertThat(market.pos()).isEqualTo(new Position(14, 1));
        assertThat(market.annotations()).extracting(Annotation::key)
                .containsExactly("name", "metric", "metric_type", "metric_labels");
        assertThat(market.with()).hasSize(6).containsEntry("watermark.max_out_of_orderness", "5s");
        assertThat(((Select) market.query()).items().get(7).alias()).isEqualTo("_event_time");

        Select ohlc = (Select) statements.get(2).query();
        assertThat(ohlc.items().get(0).primaryKey()).isTrue();
        assertThat(ohlc.window()).isEqualTo(new Query.Window(new Position(50, 1), Query.WindowKind.TUMBLING,
                new Expr.ColumnRef(new Position(50, 17), null, "_event_time"), 60_000L, 0L, 10_000L));
        assertThat(ohlc.groupBy()).hasSize(1);
        assertThat(ohlc.having()).isNotNull();
        assertThat(ohlc.emit()).isEqualTo(Query.EmitMode.FINAL);
        Expr.Call p95 = (Expr.Call) ohlc.items().get(7).expr();
        assertThat(p95.withinGroup()).hasSize(1);
        assertThat(statements.get(2).with()).containsEntry("failure_strategy", "SendToDLQ");
        assertThat(statements.get(2).annotations()).contains(new Annotation("metric_buckets", "100, 1000, 10000", 41));

        Select risk = (Select) statements.get(3).query();
        assertThat(risk.joins()).singleElement().satisfies(j -> {
            assertThat(j.type()).isEqualTo(Query.JoinType.LEFT);
            assertThat(j.right().refName()).isEqualTo("p");
        });
        Expr.Case level = (Expr.Case) risk.items().get(4).expr();
        Expr.Binary high = (Expr.Binary) level.whens().get(1).condition();
        assertThat(high.right()).isEqualTo(new Expr.Literal(new Position(64, 44), Decimal.parse("250000.00"), SqlType.DECIMAL));
        assertThat(((Expr.Call) risk.items().get(5).expr()).over().bufferRows()).isEqualTo(50L);

        Statement spikes = statements.get(4);
        Select spikesQuery = (Select) spikes.query();
        assertThat(spikesQuery.joins().get(0).withinMillis()).isEqualTo(300_000L);
        assertThat(spikesQuery.into()).isEqualTo("price_spikes");
        assertThat(spikes.with()).containsKeys("price_spikes.type", "price_spikes.path", "price_spikes.format");
        assertThat(spikes.text()).startsWith("SELECT a.symbol").endsWith("'price_spikes.format' = 'jsonl')");
    }
}
