package io.velostream.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.velostream.engine.job.Job;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velostream.jobs.<job>.threads} in a transactional service (docs/scaling.md#threads): the job runs on two
 * threads that are one job to health, meters and the endpoint's pause and resume; and readiness is
 * OUT_OF_SERVICE while its tasks restore their stores, seen from within the restore (docs/scaling.md#readiness).
 * In this package to observe the restore through the job's run listener.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "velostream.application-id=threads",
        "velostream.mode=transactional",
        "velostream.sql=classpath:sql/threads.sql",
        "velostream.jobs.th_totals.threads=2",
        "management.endpoint.health.probes.enabled=true",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.group.readiness.include=readinessState,velostream",
        "management.endpoint.health.group.readiness.show-details=always",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
@EmbeddedKafka(partitions = 4, topics = {"th_orders", "th_totals"}, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class StarterThreadsIntegrationTest {
    /** Keys, so groups and changelog records: each task restores some hundreds. */
    private static final int KEYS = 3000;

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    VelostreamJobs jobs;
    @Autowired
    MeterRegistry meters;
    @Autowired
    HealthEndpoint health;

    @Test
    void twoThreadsAreOneJobAndReadinessIsOutOfServiceWhileTheirTasksRestore() throws Exception {
        ManagedJob job = jobs.job("th_totals");
        Map<String, Long> expected = new HashMap<>();
        send(0, KEYS, expected);
        await().atMost(Duration.ofSeconds(60)).until(() -> job.recordsIn() == KEYS);
        assertThat(jobThreads()).as("one thread per copy").containsExactlyInAnyOrder("velostream-th_totals-1",
                "velostream-th_totals-2");
        assertThat(meters.get("velostream.job.tasks").tag("job", "th_totals").gauge().value())
                .as("the tasks of both threads, summed").isEqualTo(4.0);
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

        jobs.pause("th_totals");
        assertThat(job.state()).isEqualTo(JobState.PAUSED);
        assertThat(jobThreads()).as("pause stops both threads").isEmpty();

        // From within the restore, on the job's threads: what the probes see.
        List<Status> readiness = new CopyOnWriteArrayList<>();
        List<Object> details = new CopyOnWriteArrayList<>();
        job.instrument(copies -> new ManagedJob.RunListener() {
            @Override
            public void restoring(long restored, long of) {
                readiness.add(health.healthForPath("readiness").getStatus());
                details.add(((IndicatedHealthDescriptor) health.healthForPath("velostream", "th_totals"))
                        .getDetails().get("restoring"));
            }

            @Override
            public void close() {
            }
        });
        jobs.resume("th_totals");
        send(KEYS, 10, expected);
        await().atMost(Duration.ofSeconds(60)).until(() -> job.recordsOut() == KEYS + 10); // committed: restored before
        assertThat(readiness).as("reported while restoring").isNotEmpty().containsOnly(Status.OUT_OF_SERVICE);
        assertThat(details).as("the changelog partitions being restored").allSatisfy(d -> assertThat((String) d)
                .matches("\\d+ of [1-9]\\d* records"));
        await("up once restored").atMost(Duration.ofSeconds(30))
                .until(() -> health.healthForPath("readiness").getStatus(), Status.UP::equals);
        assertThat(jobThreads()).hasSize(2);
        // recordsOut counts what was written; the last transaction may still be committing.
        await("exact read_committed over both threads and the restart").atMost(Duration.ofSeconds(30))
                .until(this::lastTotals, expected::equals);
    }

    /** Records keyed k0, k1, … spread by key over the four partitions; key {@code k(i % KEYS)} for i from {@code from}. */
    private void send(int from, int count, Map<String, Long> expected) throws Exception {
        for (int i = from; i < from + count; i++) {
            String key = "k" + i % KEYS;
            kafka.send("th_orders", key, "{\"id\": " + i + "}");
            expected.merge(key, 1L, Long::sum);
        }
        kafka.flush();
    }

    private static List<String> jobThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("velostream-th_totals")).toList();
    }

    /** The last count of each key in the output, read read_committed. */
    private Map<String, Long> lastTotals() {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(),
                "isolation.level", "read_committed");
        Map<String, Long> totals = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("th_totals").stream()
                    .map(p -> new TopicPartition("th_totals", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String[] kn = r.value().replaceAll("[{}\"]", "").split(",");
                    totals.put(kn[0].substring(2), Long.parseLong(kn[1].substring(2)));
                }
            }
        }
        return totals;
    }

    @SpringBootApplication
    static class TestService {
    }
}
