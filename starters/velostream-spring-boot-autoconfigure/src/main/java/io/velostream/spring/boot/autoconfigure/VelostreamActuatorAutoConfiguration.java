package io.velostream.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.velostream.engine.sql.Secrets;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health, the {@code velostream} endpoint and meters of the service's jobs, each when its
 * library is present.
 */
@AutoConfiguration(after = VelostreamAutoConfiguration.class)
@ConditionalOnBean(VelostreamJobs.class)
public class VelostreamActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthContributor.class)
    @ConditionalOnEnabledHealthIndicator("velostream")
    static class Health {
        /** {@code /actuator/health/velostream/<job>}: one indicator per job. */
        @Bean
        @ConditionalOnMissingBean(name = "velostreamHealthContributor")
        HealthContributor velostreamHealthContributor(VelostreamJobs jobs) {
            Map<String, ManagedJob> byName = new LinkedHashMap<>();
            jobs.jobs().forEach(j -> byName.put(j.name(), j));
            return CompositeHealthContributor.fromMap(byName, VelostreamJobsHealth::new);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(VelostreamEndpoint.class)
    static class Management {
        @Bean
        @ConditionalOnMissingBean
        VelostreamEndpoint velostreamEndpoint(VelostreamJobs jobs, VelostreamProperties properties) {
            return new VelostreamEndpoint(jobs, properties.getAdvertisedUrl());
        }
    }

    /**
     * What {@code /actuator/env} and {@code /actuator/configprops} show, when their values are shown at
     * all: {@code velostream.sql} with its secret WITH values masked, and any secret property
     * ({@code spring.kafka.properties.sasl.jaas.config}) masked whole ({@link Secrets}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {
        @Bean
        @ConditionalOnMissingBean(name = "velostreamSanitizingFunction")
        SanitizingFunction velostreamSanitizingFunction() {
            return data -> {
                if (data.getValue() instanceof String sql && data.getLowerCaseKey().equals("velostream.sql")) {
                    return data.withValue(Secrets.mask(sql));
                }
                return Secrets.isSecret(data.getKey()) ? data.withSanitizedValue() : data;
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        VelostreamMetrics velostreamMetrics(VelostreamJobs jobs) {
            return new VelostreamMetrics(jobs);
        }
    }
}
