package io.velostream.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** What Spring Boot finds in the jar's META-INF: the two registration files it still reads. */
class RegistrationTest {
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void autoConfigurationsAreListedInTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, loader).getCandidates())
                .contains(VelostreamAutoConfiguration.class.getName(), VelostreamActuatorAutoConfiguration.class.getName());
    }

    @Test
    void failureAnalyzerIsInSpringFactories() {
        // Boot's own analyzers want constructor arguments only a running application supplies: skip those.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation(loader).load(FailureAnalyzer.class,
                (type, implementation, failure) -> { }))
                .hasAtLeastOneElementOfType(VelostreamFailureAnalyzer.class);
    }
}
