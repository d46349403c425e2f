package io.velostream.app.service;

import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code velostream serve} with nothing configured: embedded broker, demo jobs, actuator over HTTP. */
class VelostreamServiceTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheDemoWithHealthEndpointAndPrometheus() throws Exception {
        try (ConfigurableApplicationContext ctx = VelostreamService.start("--server.port=0")) {
            String base = "http://localhost:" + ctx.getEnvironment().getProperty("local.server.port") + "/actuator";
            VelostreamJobs jobs = ctx.getBean(VelostreamJobs.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> jobs.job("large_trades").recordsOut() > 0);

            HttpResponse<String> health = get(base + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"large_trades\"").contains("\"ohlc_1m\"");
            assertThat(get(base + "/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get(base + "/health/liveness").statusCode()).isEqualTo(200);
            assertThat(get(base + "/velostream").body()).contains("\"name\":\"large_trades\"").contains("\"state\":\"RUNNING\"");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(base + "/prometheus").body())
                    .contains("velostream_job_records_out_total{job=\"large_trades\",sink=\"large_trades\"}")
                    .contains("velostream_job_records_in_total{job=\"large_trades\",source=\"trades\"}")
                    .contains("velostream_job_batch_size_records_count{job=\"large_trades\"}")
                    .contains("velostream_job_errors_total{job=\"large_trades\",kind=\"decode\"} 0.0")
                    .contains("velostream_job_watermark_lag_seconds{job=\"ohlc_1m\"}")
                    .contains("velostream_job_state_size_entries{job=\"ohlc_1m\"}")
                    .contains("velostream_source_lag_records{job=\"large_trades\",source=\"trades\"}")
                    .contains("kafka_consumer_fetch_manager_records_consumed_total{")
                    .contains("velo_large_trades_total{job=\"large_trades\",symbol=")
                    .contains("velo_large_trade_notional_bucket{job=\"large_trades\",le=\"250000.0\"}"));
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
