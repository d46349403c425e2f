package io.velostream.spring.boot.starter;

import io.micrometer.core.instrument.MeterRegistry;
import io.velostream.spring.boot.autoconfigure.JobState;
import io.velostream.spring.boot.autoconfigure.VelostreamEndpoint;
import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with only the starter, SQL in a property and {@code spring.kafka.bootstrap-servers}:
 * a filter job between two topics of a real KRaft broker, its health, endpoint and meters.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "velostream.application-id=it",
        "velostream.sql=classpath:sql/it.sql",
        "velostream.jobs.fragile.failure-strategy=FailBatch",
        "management.endpoint.velostream.access=unrestricted",
        "management.endpoints.web.exposure.include=health,velostream",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
@EmbeddedKafka(partitions = 1, topics = {"orders", "big_orders", "raw", "fragile"})
class StarterKafkaIntegrationTest {
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    VelostreamJobs jobs;
    @Autowired
    VelostreamEndpoint endpoint;
    @Autowired
    HealthEndpoint health;
    @Autowired
    MeterRegistry meters;

    @Test
    void filtersBetweenTopicsWithHealthEndpointAndMeters() throws Exception {
        kafka.send("orders", "{\"id\": 1, \"amount\": 50}");
        kafka.send("orders", "{\"id\": 2, \"amount\": 150}");
        kafka.send("orders", "{\"id\": 3, \"amount\": 250}").get();

        assertThat(read("big_orders", 2)).containsExactly("{\"id\":2,\"amount\":150}", "{\"id\":3,\"amount\":250}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.get("velostream.job.records.out").tag("job", "big_orders").functionCounter().count())
                        .isEqualTo(2.0));
        assertThat(meters.get("velostream.job.records.in").tag("job", "big_orders").tag("source", "orders").counter()
                .count()).isEqualTo(3.0);
        assertThat(meters.get("velostream.job.batch.duration").tag("job", "big_orders").timer().count()).isPositive();
        assertThat(status("big_orders")).isEqualTo(Status.UP);

        VelostreamEndpoint.JobView view = endpoint.job("big_orders");
        assertThat(view.state()).isEqualTo(JobState.RUNNING);
        assertThat(view.mode()).isEqualTo("simple");
        assertThat(view.sources()).containsExactly("orders");
        assertThat(view.sink()).isEqualTo("big_orders");

        endpoint.control("big_orders", "pause");
        assertThat(status("big_orders")).isEqualTo(Status.OUT_OF_SERVICE);
        kafka.send("orders", "{\"id\": 4, \"amount\": 400}").get();
        endpoint.control("big_orders", "resume");
        assertThat(status("big_orders")).isEqualTo(Status.UP);
        assertThat(read("big_orders", 3)).last().isEqualTo("{\"id\":4,\"amount\":400}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.get("velostream.job.records.out").tag("job", "big_orders").functionCounter().count())
                        .as("counters add up across runs").isEqualTo(3.0));
    }

    @Test
    void aFailedJobIsDownWithTheReason() throws Exception {
        kafka.send("raw", "this is not json").get();
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.job("fragile").state() == JobState.FAILED);
        var component = health.healthForPath("velostream", "fragile");
        assertThat(component.getStatus()).isEqualTo(Status.DOWN);
        assertThat(jobs.job("fragile").failure()).contains("FailBatch");
        assertThat(health.healthForPath("velostream").getStatus()).isEqualTo(Status.DOWN);
    }

    private Status status(String job) {
        return health.healthForPath("velostream", job).getStatus();
    }

    private List<String> read(String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(),
                "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= count;
            });
        }
        return values;
    }

    @SpringBootApplication
    static class TestService {
    }
}
