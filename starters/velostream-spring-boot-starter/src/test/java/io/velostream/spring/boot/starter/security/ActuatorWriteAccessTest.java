package io.velostream.spring.boot.starter.security;

import io.velostream.spring.boot.autoconfigure.JobState;
import io.velostream.spring.boot.autoconfigure.VelostreamJobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write operations of {@code /actuator/velostream} over HTTP with Spring Security present
 * (docs/spring-boot.md#securing-the-write-operations): off unless
 * {@code management.endpoint.velostream.access=unrestricted}; when on, a request without
 * credentials is refused and leaves the job alone, one with an actuator user's restarts it.
 */
class ActuatorWriteAccessTest {
    static final String USER = "ops";
    static final String PASSWORD = "ops-password";

    /** A bounded file job: two records per run, so a restart shows as two more records in. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("velostream-actuator");
            Files.writeString(dir.resolve("in.csv"), "id,amount\n1,10\n2,20\n");
            registry.add("velostream.sql", () -> "CREATE STREAM copied AS SELECT id, amount FROM input WITH ("
                    + "'input.type' = 'file_source', 'input.path' = '" + dir.resolve("in.csv") + "',"
                    + " 'copied.type' = 'file_sink', 'copied.path' = '" + dir.resolve("out.csv") + "');");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SpringBootTest(classes = TestService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "management.endpoints.web.exposure.include=health,velostream",
            "management.endpoint.velostream.access=unrestricted",
            "spring.security.user.name=" + USER, "spring.security.user.password=" + PASSWORD,
            "spring.security.user.roles=ACTUATOR"})
    @Nested
    class WhenOn extends Scenario {
        @Test
        void aRequestWithoutCredentialsIsRefusedAndTheJobLeftAlone() {
            assertThat(restart(null).value()).isEqualTo(401);
            assertThat(restart("wrong").value()).isEqualTo(401);
            assertThat(jobs.job("copied").recordsIn()).isEqualTo(recordsBefore);
            assertThat(jobs.job("copied").state()).isEqualTo(JobState.FINISHED);
        }

        @Test
        void anActuatorUsersRequestRestartsTheJob() {
            assertThat(restart(PASSWORD).value()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.job("copied").recordsIn() == recordsBefore + 2
                    && jobs.job("copied").state() == JobState.FINISHED);
        }
    }

    @SpringBootTest(classes = TestService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "management.endpoints.web.exposure.include=health,velostream",
            "spring.security.user.name=" + USER, "spring.security.user.password=" + PASSWORD,
            "spring.security.user.roles=ACTUATOR"})
    @Nested
    class ByDefault extends Scenario {
        @Test
        void theWriteOperationIsNotThereEvenForAnActuatorUser() {
            assertThat(restart(PASSWORD).is4xxClientError()).isTrue();
            assertThat(jobs.job("copied").recordsIn()).isEqualTo(recordsBefore);
            assertThat(get().value()).as("reading stays available").isEqualTo(200);
        }
    }

    abstract static class Scenario {
        @Autowired
        VelostreamJobs jobs;
        @LocalServerPort
        int port;
        /** The records the job read in its runs so far (the context, and so the job, is shared by a class's tests). */
        long recordsBefore;

        @BeforeEach
        void theJobRan() {
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.job("copied").state() == JobState.FINISHED);
            recordsBefore = jobs.job("copied").recordsIn();
            assertThat(recordsBefore).isPositive();
        }

        /** {@code POST /actuator/velostream/copied/restart}, with basic credentials of {@link #USER} unless null. */
        HttpStatusCode restart(String password) {
            return RestClient.create("http://localhost:" + port).post().uri("/actuator/velostream/copied/restart")
                    .headers(h -> {
                        if (password != null) {
                            h.setBasicAuth(USER, password);
                        }
                    })
                    .exchange((request, response) -> response.getStatusCode());
        }

        HttpStatusCode get() {
            return RestClient.create("http://localhost:" + port).get().uri("/actuator/velostream/copied")
                    .headers(h -> h.setBasicAuth(USER, PASSWORD))
                    .exchange((request, response) -> response.getStatusCode());
        }
    }

    /**
     * The service's rule for its actuator, as docs/spring-boot.md shows it: every endpoint needs a user
     * with role ACTUATOR over HTTP Basic; no CSRF token for these machine-to-machine calls.
     */
    @SpringBootApplication
    static class TestService {
        @Bean
        SecurityFilterChain actuator(HttpSecurity http) throws Exception {
            return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                    .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ACTUATOR"))
                    .httpBasic(Customizer.withDefaults())
                    .csrf(csrf -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
                    .build();
        }
    }
}
