package io.velostream.testregistry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;

import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;
import java.util.List;

/**
 * The bean that Apicurio's config-index Quarkus extension would generate at build time (its deployment artifact is
 * not on Maven Central): the list of dynamic configuration properties, empty here.
 */
@ApplicationScoped
public class ConfigIndexStandIn {
    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList properties() {
        return new DynamicConfigPropertyList(List.of());
    }
}
