package io.velostream.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lints the chart strictly and asserts on the objects it renders for several value combinations. */
class VelostreamChartTest {
    private static final Path CHART = Path.of("velostream");

    @Test
    void lintsStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderADeploymentWithProbesPrometheusAndTheSql() {
        Map<String, Map<String, Object>> objects = render(t -> t);
        assertThat(objects).containsOnlyKeys("Deployment", "Service", "ConfigMap");

        Map<String, Object> container = container(objects.get("Deployment"));
        assertThat(container.get("args")).isEqualTo(List.of("serve"));
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(env(container)).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/config/")
                .doesNotContainKey("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");

        Map<String, Object> podAnnotations = mapAt(objects.get("Deployment"), "spec", "template", "metadata", "annotations");
        assertThat(podAnnotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus").containsKey("checksum/config");

        Map<String, Object> data = mapAt(objects.get("ConfigMap"), "data");
        assertThat((String) data.get("app.sql")).contains("CREATE STREAM big_orders");
        Map<String, Object> app = new Yaml().load((String) data.get("application.yaml"));
        assertThat(at(app, "velostream", "sql")).isEqualTo("file:/config/sql/*.sql");
        assertThat(at(app, "velostream", "mode")).isEqualTo("simple");
    }

    @Test
    void saslComesFromASecretAndConfigMerges() {
        Map<String, Map<String, Object>> objects = render(t -> t
                .set("kafka.bootstrapServers", "broker-1:9093")
                .set("kafka.securityProtocol", "SASL_SSL")
                .set("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .set("kafka.sasl.existingSecret", "kafka-credentials")
                .set("velostream.mode", "transactional")
                .set("config.management.endpoint.velostream.access", "unrestricted")
                .set("prometheus.scrape", "false"));
        Map<String, Object> container = container(objects.get("Deployment"));
        assertThat(env(container)).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093")
                .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        Map<String, Object> jaas = envEntry(container, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
        assertThat(at(jaas, "valueFrom", "secretKeyRef", "name")).isEqualTo("kafka-credentials");
        assertThat(at(jaas, "valueFrom", "secretKeyRef", "key")).isEqualTo("sasl.jaas.config");

        Map<String, Object> app = new Yaml().load((String) at(objects.get("ConfigMap"), "data", "application.yaml"));
        assertThat(at(app, "velostream", "mode")).isEqualTo("transactional");
        assertThat(at(app, "management", "endpoint", "velostream", "access")).isEqualTo("unrestricted");
        Map<String, Object> podAnnotations = mapAt(objects.get("Deployment"), "spec", "template", "metadata", "annotations");
        assertThat(podAnnotations).doesNotContainKey("prometheus.io/scrape");
    }

    @Test
    void refusesSaslWithoutASecretAndAMissingBroker() {
        assertThatThrownBy(() -> render(t -> t.set("kafka.sasl.mechanism", "PLAIN")))
                .hasMessageContaining("kafka.sasl.existingSecret is required");
        assertThatThrownBy(() -> render(t -> t.set("kafka.bootstrapServers", "")))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    /** The rendered objects by kind (one of each kind in this chart). */
    private static Map<String, Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
        String manifests = values.apply(new Helm(CHART).template().withName("orders")).call();
        Map<String, Map<String, Object>> byKind = new java.util.TreeMap<>();
        for (Object doc : new Yaml().loadAll(manifests)) {
            if (doc instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                assertThat(byKind.put((String) object.get("kind"), object)).as("one %s", object.get("kind")).isNull();
            }
        }
        return byKind;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapAt(Map<String, Object> map, String... path) {
        return (Map<String, Object>) at(map, path);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listAt(Map<String, Object> map, String... path) {
        return (List<Map<String, Object>>) at(map, path);
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = listAt(deployment, "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> env = listAt(container, "env");
        env.forEach(e -> values.put((String) e.get("name"), e.get("value")));
        return values;
    }

    private static Map<String, Object> envEntry(Map<String, Object> container, String name) {
        List<Map<String, Object>> env = listAt(container, "env");
        return env.stream().filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow();
    }
}
