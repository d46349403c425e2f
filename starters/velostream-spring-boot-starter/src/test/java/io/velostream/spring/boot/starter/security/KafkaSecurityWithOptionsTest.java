package io.velostream.spring.boot.starter.security;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import io.velostream.spring.boot.autoconfigure.JobState;
import io.velostream.spring.boot.autoconfigure.VelostreamEndpoint;
import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs whose Kafka security is in the SQL's WITH clause, against a broker that accepts only SCRAM
 * over SASL_SSL or mTLS on the listeners they use (docs/kafka.md#security): each filters one topic
 * into another end to end; a job with a wrong SCRAM password fails with an authentication error
 * instead of waiting for ever. None of the passwords appears in the log, the endpoint, the health
 * details, the environment or the errors of an invalid statement.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {
        "velostream.application-id=sec",
        "management.endpoints.web.exposure.include=health,velostream,env",
        "management.endpoint.env.show-values=ALWAYS",
        "spring.kafka.properties.sasl.jaas.config=${velostream.test.jaas}",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
class KafkaSecurityWithOptionsTest {
    static final String WRONG_PASSWORD = "wrong-" + SecureBroker.SCRAM_PASSWORD;

    @Autowired
    VelostreamJobs jobs;
    @Autowired
    HealthEndpoint health;
    @Autowired
    VelostreamEndpoint endpoint;
    @Autowired
    EnvironmentEndpoint environment;
    @Autowired
    ApplicationCompiler compiler;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        SecureBroker broker = SecureBroker.get();
        broker.createTopics("scram_in", "scram_out", "mtls_in", "mtls_out", "denied_in", "denied_out");
        registry.add("spring.kafka.bootstrap-servers", broker::plaintext);
        // a secret among the service's Kafka properties too (the env endpoint shows it); plaintext ignores it
        registry.add("velostream.test.jaas", () -> SecureBroker.jaas(SecureBroker.SCRAM_PASSWORD));
        registry.add("velostream.sql", () -> String.join("\n",
                job("scram", broker.saslSsl(), broker.scramClient(SecureBroker.SCRAM_PASSWORD)),
                job("mtls", broker.ssl(), broker.mtlsClient()),
                job("denied", broker.saslSsl(), broker.scramClient(WRONG_PASSWORD))));
    }

    /** A filter from {@code <name>_in} to {@code <name>_out} with {@code client} as job-level WITH options. */
    static String job(String name, String servers, Map<String, String> client) {
        String with = client.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(",\n      "));
        return "CREATE STREAM " + name + "_out AS SELECT id, amount FROM " + name + "_in WHERE amount > 100\n"
                + "WITH ('bootstrap.servers' = '" + servers + "',\n      " + with + ");";
    }

    @Test
    void aJobReadsAndWritesOverSaslSslWithScram() throws Exception {
        SecureBroker.get().send("scram_in", "{\"id\": 1, \"amount\": 50}", "{\"id\": 2, \"amount\": 150}");

        assertThat(SecureBroker.get().read("scram_out", 1)).containsExactly("{\"id\":2,\"amount\":150}");
        assertThat(jobs.job("scram_out").state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aJobReadsAndWritesOverMutualTls() throws Exception {
        SecureBroker.get().send("mtls_in", "{\"id\": 3, \"amount\": 250}", "{\"id\": 4, \"amount\": 5}");

        assertThat(SecureBroker.get().read("mtls_out", 1)).containsExactly("{\"id\":3,\"amount\":250}");
        assertThat(jobs.job("mtls_out").state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aWrongPasswordFailsTheJobWithAnAuthenticationError() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.job("denied_out").state() == JobState.FAILED);

        assertThat(jobs.job("denied_out").failure()).containsIgnoringCase("authentication failed");
        var component = health.healthForPath("velostream", "denied_out");
        assertThat(component.getStatus()).isEqualTo(Status.DOWN);
        assertThat(jobs.job("scram_out").state()).as("the other jobs run on").isEqualTo(JobState.RUNNING);
    }

    @Test
    void noSecretInTheLogTheEndpointTheHealthTheEnvironmentOrErrors(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.job("denied_out").state() == JobState.FAILED);
        List<String> shown = new ArrayList<>();
        shown.add(output.getAll());
        shown.add(endpoint.jobs().toString());
        shown.add(endpoint.job("scram_out").toString());
        shown.add(health.healthForPath("velostream", "denied_out").toString());
        shown.add(String.valueOf(environment.environmentEntry("velostream.sql").getProperty().getValue()));
        shown.add(String.valueOf(environment.environmentEntry("spring.kafka.properties.sasl.jaas.config").getProperty().getValue()));
        String sql = job("broken", SecureBroker.get().saslSsl(), SecureBroker.get().mtlsClient());
        // a syntax error on the line of a password, and an option no connector accepts
        shown.add(error(() -> compiler.check(sql.replace("'ssl.key.password'", "'ssl.key.password' ="), options())));
        shown.add(error(() -> compiler.prepare(sql.replace("WITH (", "WITH ('broken_in.format' = 'nope', "), options())
                .nextJob()));
        assertThat(shown).allSatisfy(text -> assertThat(text).isNotBlank()
                .doesNotContain(SecureBroker.SCRAM_PASSWORD, SecureBroker.STORE_PASSWORD, SecureBroker.KEY_PASSWORD));
        assertThat(shown.get(1)).contains("'sasl.jaas.config' = '******'");
        assertThat(shown.get(6)).contains("'ssl.key.password' = = '******'");
        assertThat(shown.get(7)).contains("unknown format 'nope'");
    }

    private static ApplicationCompiler.Options options() {
        return new ApplicationCompiler.Options(null, "broken.sql", Map.of(), Map.of(), "kafka_source", "kafka_sink");
    }

    /** The message, and each SQL error with its excerpt, of what {@code action} throws. */
    private static String error(Runnable action) {
        try {
            action.run();
        } catch (SqlException e) {
            return e.getMessage() + e.errors().stream().map(SqlError::format).collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @SpringBootApplication
    static class TestService {
    }
}
