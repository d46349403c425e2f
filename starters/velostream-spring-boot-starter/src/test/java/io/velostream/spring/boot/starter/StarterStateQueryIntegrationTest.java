package io.velostream.spring.boot.starter;

import io.micrometer.core.instrument.MeterRegistry;
import io.velostream.spring.boot.autoconfigure.ManagedJob;
import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import io.velostream.spring.boot.state.VelostreamStateClient;
import io.velostream.spring.boot.state.VelostreamStateException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Interactive queries (docs/scaling.md#interactive-queries): two instances of one transactional service in one JVM,
 * RocksDB stores, GROUP BY _key over a topic of four partitions, each instance owning some of the tasks. Either
 * instance answers every key with its owner's committed value (forwarding to the owner when it is the other), a
 * range gathers both instances' tasks, and bad requests get their specific errors; state changed since the last
 * commit is not visible.
 */
class StarterStateQueryIntegrationTest {
    private static final int KEYS = 40;
    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static String urlA;
    private static String urlB;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path state) throws IOException {
        broker = new EmbeddedKafkaKraftBroker(1, 4, "iq_orders", "iq_totals", "iq_sizes", "iq_slow_orders", "iq_slow");
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        int portA = freePort();
        int portB = freePort();
        urlA = "http://localhost:" + portA + "/actuator";
        urlB = "http://localhost:" + portB + "/actuator";
        a = instance("a", portA, state.resolve("a"));
        b = instance("b", portB, state.resolve("b"));
    }

    private static ConfigurableApplicationContext instance(String id, int port, Path stateDir) {
        return new SpringApplicationBuilder(TestService.class).properties(
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "server.port=" + port,
                "velostream.application-id=iq",
                "velostream.instance-id=" + id,
                "velostream.advertised-url=http://localhost:" + port + "/actuator",
                "velostream.mode=transactional",
                "velostream.sql=classpath:sql/state.sql",
                "velostream.state.store=rocksdb",
                "velostream.state.dir=" + stateDir,
                "velostream.jobs.iq_slow.commit-interval=1h",
                "management.endpoints.web.exposure.include=health,velostream",
                "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN")
                .run();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        broker.destroy();
    }

    @Test
    void eitherInstanceAnswersEveryKeyWithItsOwnersCommittedValue() throws Exception {
        Map<String, Map<String, Object>> expected = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            Map<String, long[]> totals = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                String customer = "c" + i % KEYS;
                int amount = i % 7 + 1;
                producer.send(new ProducerRecord<>("iq_orders", customer, "{\"amount\": " + amount + "}"));
                long[] t = totals.computeIfAbsent(customer, k -> new long[2]);
                t[0]++;
                t[1] += amount;
            }
            // As JSON reads them back: small numbers are Integers
            totals.forEach((k, t) -> expected.put(k, Map.of("customer", k, "orders", (int) t[0], "spent", (int) t[1])));
        }
        VelostreamStateClient viaA = new VelostreamStateClient(URI.create(urlA));
        VelostreamStateClient viaB = new VelostreamStateClient(URI.create(urlB));
        await("every key's committed total, asked of either instance").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsMatching(e -> e instanceof VelostreamStateException s
                        && s.retriable())
                .until(() -> expected.keySet().stream().allMatch(k -> viaA.get("iq_totals", "groups", k)
                        .equals(Optional.of(expected.get(k))) && viaB.get("iq_totals", "groups", k)
                        .equals(Optional.of(expected.get(k)))));

        int forwardedByA = 0;
        for (String k : expected.keySet()) {
            Map<String, Object> body = get(urlA, "/velostream/iq_totals/state/groups?key=" + k, 200);
            if (body.containsKey("servedBy")) {
                assertThat(body.get("servedBy")).isEqualTo(urlB);
                forwardedByA++;
                // Asked of the owner's side only (a forward), the instance that does not own it never forwards again
                Map<String, Object> stale = get(urlA, "/velostream/iq_totals/state/groups?key=" + k + "&forwarded=true", 503);
                assertThat((String) stale.get("error")).contains("try again");
            }
        }
        assertThat(forwardedByA).as("both instances own tasks").isBetween(1, KEYS - 1);

        // Store meters (docs/operations.md#metrics): both instances' keys make every key once; RocksDB holds bytes;
        // the cache was asked (a ratio, not NaN: most lookups of one commit interval find the value changed in it).
        assertThat(meter(a, "velostream.state.keys") + meter(b, "velostream.state.keys")).isEqualTo(KEYS);
        assertThat(meter(a, "velostream.state.bytes")).isPositive();
        assertThat(meter(a, "velostream.state.cache.hit.ratio")).isBetween(0.0, 1.0);
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            MeterRegistry meters = instance.getBean(MeterRegistry.class);
            double restored = meters.get("velostream.state.restore.records").tags("job", "iq_totals", "store", "groups")
                    .functionCounter().count();
            assertThat(meters.get("velostream.state.restore.total").tags("job", "iq_totals", "store", "groups")
                    .functionCounter().count()).isGreaterThanOrEqualTo(restored);
        }

        List<Map<String, Object>> range = viaA.range("iq_totals", "groups", "c0", null);
        assertThat(range).as("a range gathers the tasks of both instances").containsExactlyInAnyOrderElementsOf(
                expected.values());
        assertThat(viaB.get("iq_totals", "groups", "nobody")).as("a key without value").isEmpty();
        assertThat(viaA.get("iq_sizes", "groups", "c3|4")).as("a key of two values")
                .contains(Map.of("customer", "c3", "amount", 4, "n", 2)); // i = 3, 43, …, 363: i % 7 + 1 is 4 twice
    }

    @Test
    void badRequestsGetSpecificErrors() throws Exception {
        Map<String, Object> job = get(urlA, "/velostream/nojob/state/groups?key=c1", 404);
        assertThat(job.get("jobs")).asList().contains("iq_totals", "iq_sizes");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(urlA, "/velostream/iq_totals/state/nostore?key=c1") == 404);
        Map<String, Object> store = get(urlA, "/velostream/iq_totals/state/nostore?key=c1", 404);
        assertThat(store.get("stores")).isEqualTo(List.of("groups"));
        assertThat((String) get(urlA, "/velostream/iq_sizes/state/groups?key=c1|abc", 400).get("error"))
                .contains("'abc' is not a INTEGER");
        assertThat((String) get(urlA, "/velostream/iq_sizes/state/groups?key=c1", 400).get("error"))
                .contains("has keys of 2 values");
        assertThat((String) get(urlA, "/velostream/iq_totals/state/groups?key=c1&from=c0", 400).get("error"))
                .contains("either key, or from");
        assertThatThrownBy(() -> new VelostreamStateClient(URI.create(urlB)).get("iq_totals", "nostore", "c1"))
                .isInstanceOfSatisfying(VelostreamStateException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("no store 'nostore'");
                });
    }

    /** iq_slow commits only when it stops: what it read before is not visible, what it committed then is. */
    @Test
    void onlyCommittedStateIsVisible() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("iq_slow_orders", "s" + i % 4, "{}"));
            }
        }
        ManagedJob slowA = a.getBean(VelostreamJobs.class).job("iq_slow");
        ManagedJob slowB = b.getBean(VelostreamJobs.class).job("iq_slow");
        await("read and counted, not committed").atMost(Duration.ofSeconds(30))
                .until(() -> slowA.recordsIn() + slowB.recordsIn() == 20);
        VelostreamStateClient viaA = new VelostreamStateClient(URI.create(urlA));
        for (int k = 0; k < 4; k++) {
            assertThat(viaA.get("iq_slow", "groups", "s" + k)).as("uncommitted s%d", k).isEmpty();
        }
        // A stop commits what is pending; started again, the stores hold it committed.
        a.getBean(VelostreamJobs.class).pause("iq_slow");
        b.getBean(VelostreamJobs.class).pause("iq_slow");
        a.getBean(VelostreamJobs.class).resume("iq_slow");
        b.getBean(VelostreamJobs.class).resume("iq_slow");
        await("committed by the stop").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> e instanceof VelostreamStateException s && s.retriable())
                .until(() -> viaA.get("iq_slow", "groups", "s1"), v -> v.equals(Optional.of(Map.of("customer", "s1",
                        "orders", 5))));
    }

    private static double meter(ConfigurableApplicationContext instance, String name) {
        return instance.getBean(MeterRegistry.class).get(name).tags("job", "iq_totals", "store", "groups").gauge().value();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()), new StringSerializer(),
                new StringSerializer());
    }

    private static int status(String base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> get(String base, String path, int status) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path.replace("|", "%7C"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
        return tools.jackson.databind.json.JsonMapper.builder().build().readValue(r.body(), Map.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** No component scan: the other tests' services (and their security) stay out. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestService {
        /** Spring Security is on this module's test classpath: the endpoint is open here, as the chart's probes are. */
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(r -> r.anyRequest().permitAll()).build();
        }
    }
}
