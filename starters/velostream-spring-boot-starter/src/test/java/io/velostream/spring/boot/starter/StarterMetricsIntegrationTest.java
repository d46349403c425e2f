package io.velostream.spring.boot.starter;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The meters of jobs between topics of a real KRaft broker after a run over known input: per
 * source and sink counts, errors by kind, dead letters, batch sizes, the {@code @metric}
 * annotations' meters, the gauges of a run and the Kafka clients' own meters.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "velostream.application-id=metrics",
        "velostream.sql=classpath:sql/metrics.sql",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
@EmbeddedKafka(partitions = 1, topics = {"m_orders", "priced", "m_dlq", "region_counts"})
class StarterMetricsIntegrationTest {
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    VelostreamJobs jobs;
    @Autowired
    MeterRegistry meters;

    @Test
    void metersCountWhatTheJobsDid() throws Exception {
        long ts = System.currentTimeMillis();
        send("{\"id\": 1, \"region\": \"EU\", \"amount\": 50, \"ts\": " + ts + "}");
        send("{\"id\": 2, \"region\": \"EU\", \"amount\": 150, \"ts\": " + ts + "}");
        send("{\"id\": 3, \"region\": \"US\", \"amount\": 250, \"ts\": " + ts + "}");
        send("this is not json");
        send("{\"id\": 5, \"region\": \"EU\", \"amount\": \"x\", \"ts\": " + ts + "}");
        kafka.send("m_orders", "{\"id\": 6, \"region\": \"US\", \"amount\": 20, \"ts\": " + ts + "}").get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count("velostream.job.records.out", "priced")).isEqualTo(4.0);
            assertThat(meters.get("velostream.job.dlq.records").tag("job", "priced").counter().count()).isEqualTo(2.0);
        });
        assertThat(meters.get("velostream.job.records.out").tag("job", "priced").tag("sink", "priced")
                .functionCounter().count()).isEqualTo(4.0);
        assertThat(meters.get("velostream.job.records.in").tag("job", "priced").tag("source", "m_orders")
                .counter().count()).isEqualTo(5.0);
        assertThat(meters.get("velostream.job.errors").tag("job", "priced").counters())
                .extracting(c -> c.getId().getTag("kind"), c -> c.count())
                .containsExactlyInAnyOrder(tuple("decode", 1.0), tuple("eval", 1.0), tuple("late", 0.0), tuple("write", 0.0));
        DistributionSummary batchSize = meters.get("velostream.job.batch.size").tag("job", "priced").summary();
        assertThat(batchSize.count()).isPositive();
        assertThat(batchSize.totalAmount()).isEqualTo(5.0);
        assertThat(meters.get("velostream.job.batch.duration").tag("job", "priced").timer().count())
                .isEqualTo(batchSize.count());
        assertThat(meters.get("velostream.job.latency").tag("job", "priced").timer().count()).isPositive();

        // @metric annotations: a counter by region with a condition, a histogram with buckets, a gauge by region.
        assertThat(meters.get("velo_big_orders_total").tag("job", "priced").counters())
                .extracting(c -> c.getId().getTag("region"), c -> c.count())
                .containsExactlyInAnyOrder(tuple("EU", 1.0), tuple("US", 1.0));
        assertThat(meters.get("velo_big_orders_total").counters().iterator().next().getId().getDescription())
                .isEqualTo("Orders over 100, by region");
        DistributionSummary amounts = meters.get("velo_order_amount").tag("job", "priced").summary();
        assertThat(amounts.count()).isEqualTo(4);
        assertThat(amounts.totalAmount()).isEqualTo(470.0);
        assertThat(Arrays.stream(amounts.takeSnapshot().histogramCounts()).map(CountAtBucket::count))
                .containsExactly(2.0, 4.0);
        assertThat(meters.get("velo_last_amount").tag("region", "EU").gauge().value()).isEqualTo(150.0);
        assertThat(meters.get("velo_last_amount").tag("region", "US").gauge().value()).isEqualTo(20.0);

        // Gauges of the running jobs.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                meters.get("velostream.source.lag").tag("job", "priced").tag("source", "m_orders").gauge().value())
                .isEqualTo(0.0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(meters.get("velostream.job.state.size").tag("job", "region_counts").gauge().value())
                    .isEqualTo(2.0); // the current minute's window of EU and of US
            assertThat(meters.get("velostream.job.watermark.lag").tag("job", "region_counts").timeGauge()
                    .value()).isNotNaN().isNotNegative();
        });
        assertThat(meters.get("velostream.job.state.size").tag("job", "priced").gauge().value()).isZero();
        assertThat(meters.get("velostream.job.tasks").tag("job", "priced").gauge().value())
                .as("a job that does not run as tasks").isZero();
        assertThat(meters.get("velostream.job.rebalances").tag("job", "priced").functionCounter().count()).isZero();
        assertThat(meters.get("velostream.job.restore.records").tag("job", "priced").functionCounter().count()).isZero();
        assertThat(meters.find("velostream.job.watermark.lag").tag("job", "priced").timeGauge())
                .as("a job without event time has no watermark").isNull();

        // The Kafka clients' own meters, per job and endpoint.
        assertThat(kafkaMeters("kafka.consumer.", "priced")).isNotZero();
        assertThat(kafkaMeters("kafka.producer.", "priced")).isNotZero();

        // A stopped job's run gauges and client meters go; its counters stay.
        jobs.pause("priced");
        assertThat(meters.find("velostream.source.lag").tag("job", "priced").gauge()).isNull();
        assertThat(kafkaMeters("kafka.consumer.", "priced")).isZero();
        assertThat(kafkaMeters("kafka.producer.", "priced")).isZero();
        assertThat(count("velostream.job.records.out", "priced")).isEqualTo(4.0);
    }

    private void send(String value) {
        kafka.send("m_orders", value);
    }

    private double count(String name, String job) {
        return meters.get(name).tag("job", job).functionCounter().count();
    }

    private long kafkaMeters(String prefix, String job) {
        return meters.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getName().startsWith(prefix) && job.equals(id.getTag("job"))).count();
    }

    @SpringBootApplication
    static class TestService {
    }
}
