package io.velostream.spring.boot.starter.security;

import io.velostream.spring.boot.autoconfigure.JobState;
import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job with no security in its SQL, on the broker's mTLS listener: the service's
 * {@code spring.kafka.security.protocol} and the Spring Boot SSL bundle named by
 * {@code spring.kafka.ssl.bundle} (key store with the client certificate, trust store) reach its
 * consumer, its producer and the admin client the sink describes its topic with
 * (docs/spring-boot.md#kafka-security).
 */
@SpringBootTest(properties = {
        "velostream.application-id=bundle",
        "velostream.sql=CREATE STREAM bundle_out AS SELECT id, amount FROM bundle_in WHERE amount > 100;",
        "spring.kafka.security.protocol=SSL",
        "spring.kafka.ssl.bundle=kafka-client",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
class SpringKafkaSslBundleTest {
    @Autowired
    VelostreamJobs jobs;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        SecureBroker broker = SecureBroker.get();
        broker.createTopics("bundle_in", "bundle_out");
        registry.add("spring.kafka.bootstrap-servers", broker::ssl);
        String bundle = "spring.ssl.bundle.jks.kafka-client.";
        registry.add(bundle + "keystore.location", () -> "file:" + broker.clientKeyStore);
        registry.add(bundle + "keystore.password", () -> SecureBroker.STORE_PASSWORD);
        registry.add(bundle + "keystore.type", () -> "JKS");
        registry.add(bundle + "key.password", () -> SecureBroker.KEY_PASSWORD);
        registry.add(bundle + "truststore.location", () -> "file:" + broker.clientTrustStore);
        registry.add(bundle + "truststore.password", () -> SecureBroker.STORE_PASSWORD);
        registry.add(bundle + "truststore.type", () -> "JKS");
    }

    @Test
    void aJobConnectsWithTheSslBundleOfTheService() throws Exception {
        SecureBroker.get().send("bundle_in", "{\"id\": 1, \"amount\": 500}", "{\"id\": 2, \"amount\": 50}");

        assertThat(SecureBroker.get().read("bundle_out", 1)).containsExactly("{\"id\":1,\"amount\":500}");
        assertThat(jobs.job("bundle_out").state()).isEqualTo(JobState.RUNNING);
    }

    @SpringBootApplication
    static class TestService {
    }
}
