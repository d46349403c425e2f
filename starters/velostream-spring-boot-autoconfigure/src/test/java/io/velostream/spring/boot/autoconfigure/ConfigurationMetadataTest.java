package io.velostream.spring.boot.autoconfigure;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.velostream.engine.job.FailureStrategy;
import org.springframework.boot.actuate.endpoint.Access;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata IDEs read, as built: the configuration processor ran and merged
 * additional-spring-configuration-metadata.json into what it generated from {@link VelostreamProperties}.
 */
class ConfigurationMetadataTest {
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static DocumentContext metadata;

    @BeforeAll
    static void readBuiltMetadata() throws IOException {
        // Every Spring Boot jar has one: take the one beside VelostreamProperties.
        String home = VelostreamProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader().getResources(METADATA))) {
            if (url.toString().startsWith(home) || url.toString().startsWith("jar:" + home)) {
                try (InputStream in = url.openStream()) {
                    metadata = JsonPath.parse(in);
                }
            }
        }
        assertThat(metadata).as(METADATA + " under " + home + " (is the configuration processor on the processor path?)")
                .isNotNull();
    }

    @Test
    void generatedAndAdditionalMetadataAreMerged() {
        assertThat(property("velostream.sql", "sourceType")).as("generated")
                .containsExactly(VelostreamProperties.class.getName());
        assertThat(property("velostream.jobs.*.failure-strategy", "description")).as("additional").hasSize(1);
    }

    @Test
    void modesAreHintedServiceWideAndPerJob() {
        List<String> modes = Arrays.stream(VelostreamProperties.Mode.values())
                .map(m -> m.name().toLowerCase(Locale.ROOT)).toList();
        assertThat(hintValues("velostream.mode")).containsExactlyElementsOf(modes).containsExactly("simple", "transactional");
        assertThat(hintValues("velostream.jobs.*.mode")).containsExactlyElementsOf(modes);
    }

    @Test
    void storesAreHintedServiceWideAndPerJob() {
        List<String> stores = Arrays.stream(VelostreamProperties.Store.values())
                .map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
        assertThat(hintValues("velostream.state.store")).containsExactlyElementsOf(stores).containsExactly("memory", "rocksdb");
        assertThat(hintValues("velostream.jobs.*.state.store")).containsExactlyElementsOf(stores);
    }

    @Test
    void failureStrategiesAreHintedByTheNamesTheEngineKnows() {
        assertThat(hintValues("velostream.jobs.*.failure-strategy")).containsExactlyElementsOf(
                Arrays.stream(FailureStrategy.values()).map(FailureStrategy::sqlName).toList());
    }

    @Test
    void endpointAccessIsHintedWithEveryAccessLevel() {
        // The generated property has the enum type; the hint says what each level allows on this endpoint.
        assertThat(property("management.endpoint.velostream.access", "type")).containsExactly(Access.class.getName());
        assertThat(hintValues("management.endpoint.velostream.access")).containsExactlyElementsOf(
                Arrays.stream(Access.values()).map(a -> a.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    @Test
    void sqlLocationsCompleteAsResourcesAndTheHealthSwitchIsDescribed() {
        assertThat(metadata.<List<String>>read("$.hints[?(@.name == 'velostream.sql')].providers[*].name"))
                .containsExactly("handle-as");
        assertThat(property("management.health.velostream.enabled", "description")).singleElement().asString()
                .isNotBlank();
    }

    @Test
    void everyHintValueIsDescribed() {
        List<Object> values = metadata.read("$.hints[*].values[*]");
        List<String> described = metadata.read("$.hints[*].values[?(@.description)].value");
        assertThat(values).isNotEmpty().hasSameSizeAs(described);
    }

    @Test
    void everyServiceSettingIsDescribed() {
        for (Field field : VelostreamProperties.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                String name = "velostream." + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
                List<String> groups = metadata.read("$.groups[?(@.name == '" + name + "')].name");
                if (groups.isEmpty()) {
                    assertThat(property(name, "description")).as(name).singleElement().asString().isNotBlank();
                } else { // a nested group: each of its settings is described
                    List<String> nested = metadata.read("$.properties[?(@.name =~ /" + name.replace(".", "\\.")
                            + "\\..*/)].description");
                    assertThat(nested).as(name).isNotEmpty().allSatisfy(d -> assertThat(d).isNotBlank());
                }
            }
        }
    }

    @Test
    void everyJobSettingIsDescribed() {
        for (Field field : VelostreamProperties.Job.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                String name = "velostream.jobs.*." + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
                if (field.getType() == VelostreamProperties.State.class) { // nested: each of its settings, as service-wide
                    for (Field nested : VelostreamProperties.State.class.getDeclaredFields()) {
                        String setting = name + "." + nested.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
                        assertThat(property(setting, "description")).as(setting).singleElement().asString().isNotBlank();
                    }
                } else {
                    assertThat(property(name, "description")).as(name).singleElement().asString().isNotBlank();
                }
            }
        }
    }

    private static List<String> property(String name, String attribute) {
        return metadata.read("$.properties[?(@.name == '" + name + "')]." + attribute);
    }

    private static List<String> hintValues(String name) {
        return metadata.read("$.hints[?(@.name == '" + name + "')].values[*].value");
    }
}
