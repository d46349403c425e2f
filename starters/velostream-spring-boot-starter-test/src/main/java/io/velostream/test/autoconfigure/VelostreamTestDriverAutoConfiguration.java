package io.velostream.test.autoconfigure;

import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.spring.boot.autoconfigure.SqlApplication;
import io.velostream.spring.boot.autoconfigure.VelostreamProperties;
import io.velostream.test.VelostreamTestDriver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * A fresh {@link VelostreamTestDriver} per injection point, with the applications of
 * {@code velostream.sql} (each file on its own, as the service compiles them) and the function
 * beans of the context. Kafka topics are in memory in the driver, so {@code velostream.mode} does
 * not apply: a test checks what the SQL computes, not how it commits.
 */
@AutoConfiguration
@EnableConfigurationProperties(VelostreamProperties.class)
public class VelostreamTestDriverAutoConfiguration {

    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    @ConditionalOnMissingBean
    public VelostreamTestDriver velostreamTestDriver(VelostreamProperties properties, ResourceLoader resources,
                                                     ObjectProvider<ScalarFunction> functions,
                                                     ObjectProvider<AggregateFunction> aggregates) {
        VelostreamTestDriver driver = VelostreamTestDriver.empty();
        for (SqlApplication app : SqlApplication.load(properties.getSql(),
                ResourcePatternUtils.getResourcePatternResolver(resources))) {
            driver.application(app.text(), app.sourceName());
        }
        functions.orderedStream().forEach(driver::function);
        aggregates.orderedStream().forEach(driver::aggregate);
        return driver;
    }
}
