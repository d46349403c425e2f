package io.velostream.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lints the chart strictly and asserts on the objects it renders for several value combinations. */
class VelostreamChartTest {
    private static final Path CHART = Path.of("velostream");
    private static final Path METRICS_SOURCE = Path.of("..", "starters", "velostream-spring-boot-autoconfigure", "src",
            "main", "java", "io", "velostream", "spring", "boot", "autoconfigure", "VelostreamMetrics.java");

    /** Value combinations: each is linted strictly and rendered by the tests below. */
    enum Scenario {
        DEFAULTS("{}"),
        SERVICE_MONITOR("""
                serviceMonitor: {enabled: true, interval: 15s, labels: {release: prometheus}}
                """),
        HPA("""
                autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70}
                """),
        KEDA("""
                velostream: {application-id: orders-svc}
                keda:
                  enabled: true
                  maxReplicaCount: 8
                  authenticationRef: kafka-auth
                  triggers:
                    - {job: big_orders, topic: orders}
                    - {consumerGroup: audit-group, topic: audit, lagThreshold: 50}
                """),
        OTEL_AGENT("""
                otel: {enabled: true, endpoint: "http://collector.observability:4318"}
                """),
        OTEL_AGENT_IN_IMAGE("""
                otel: {enabled: true, serviceName: orders, agent: {path: /opt/otel/agent.jar}}
                javaOpts: ""
                """),
        PDB("""
                replicaCount: 3
                strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
                podDisruptionBudget: {enabled: true, minAvailable: "50%"}
                """),
        STATE_ON_A_CLAIM("""
                velostream: {state: {store: rocksdb, cache-max-bytes: 64MB}}
                state: {existingClaim: orders-state, mountPath: /data/state}
                stateQueries: {enabled: true}
                """),
        GRAFANA_DASHBOARD("""
                grafanaDashboard: {enabled: true, annotations: {grafana_folder: Streaming}}
                """);

        final String overrides;

        Scenario(String overrides) {
            this.overrides = overrides;
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void lintsStrictly(Scenario scenario, @TempDir Path dir) throws IOException {
        Path chart = copyWithValues(scenario.overrides, dir);
        LintResult result = new Helm(chart).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderADeploymentWithProbesPrometheusAndTheSql() {
        Map<String, Map<String, Object>> objects = render(Scenario.DEFAULTS);
        assertThat(objects).containsOnlyKeys("Deployment", "Service", "ConfigMap");

        Map<String, Object> deployment = objects.get("Deployment");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
        // The old pod leaves the consumer groups before the new joins: a job with state never meets a second instance.
        assertThat(at(deployment, "spec", "strategy", "type")).isEqualTo("Recreate");
        assertThat(at(deployment, "metadata", "labels", "app.kubernetes.io/managed-by")).isEqualTo("Helm");
        assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(at(deployment, "spec", "template", "spec", "initContainers")).isNull();
        Map<String, Object> container = container(deployment);
        assertThat(container.get("args")).isEqualTo(List.of("serve"));
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(container, "resources", "limits", "memory")).isEqualTo("1Gi");
        assertThat(env(container)).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/config/")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75")
                .doesNotContainKeys("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "OTEL_SERVICE_NAME");

        Map<String, Object> podAnnotations = mapAt(deployment, "spec", "template", "metadata", "annotations");
        assertThat(podAnnotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus").containsKey("checksum/config");

        Map<String, Object> data = mapAt(objects.get("ConfigMap"), "data");
        assertThat((String) data.get("app.sql")).contains("CREATE STREAM big_orders");
        Map<String, Object> app = new Yaml().load((String) data.get("application.yaml"));
        assertThat(at(app, "velostream", "sql")).isEqualTo("file:/config/sql/*.sql");
        assertThat(at(app, "velostream", "mode")).isEqualTo("simple");
    }

    /** velostream.state.dir is a volume (docs/scaling.md#stores): an emptyDir by default, or a claim. */
    @Test
    void stateDirIsAnEmptyDirOrAClaimAndQueriesAdvertiseThePod() {
        Map<String, Object> defaults = render(Scenario.DEFAULTS).get("Deployment");
        assertThat(env(container(defaults))).containsEntry("VELOSTREAM_STATE_DIR", "/var/lib/velostream")
                .doesNotContainKey("VELOSTREAM_ADVERTISED_URL");
        assertThat(listAt(container(defaults), "volumeMounts"))
                .contains(Map.of("name", "state", "mountPath", "/var/lib/velostream"));
        assertThat(listAt(defaults, "spec", "template", "spec", "volumes")).contains(Map.of("name", "state", "emptyDir", Map.of()));

        Map<String, Map<String, Object>> objects = render(Scenario.STATE_ON_A_CLAIM);
        Map<String, Object> deployment = objects.get("Deployment");
        assertThat(env(container(deployment))).containsEntry("VELOSTREAM_STATE_DIR", "/data/state")
                .containsEntry("VELOSTREAM_ADVERTISED_URL", "http://$(POD_IP):8080/actuator");
        assertThat(listAt(deployment, "spec", "template", "spec", "volumes")).contains(
                Map.of("name", "state", "persistentVolumeClaim", Map.of("claimName", "orders-state")));
        Map<String, Object> app = new Yaml().load((String) mapAt(objects.get("ConfigMap"), "data").get("application.yaml"));
        assertThat(at(app, "velostream", "state", "store")).isEqualTo("rocksdb");

        assertThatThrownBy(() -> render(t -> t.set("state.existingClaim", "shared").set("replicaCount", "2")))
                .hasMessageContaining("state.existingClaim mounts one volume");
    }

    @Test
    void serviceMonitorScrapesTheActuator() {
        Map<String, Object> monitor = render(Scenario.SERVICE_MONITOR).get("ServiceMonitor");
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(at(monitor, "metadata", "labels", "release")).isEqualTo("prometheus");
        assertThat(mapAt(monitor, "spec", "selector", "matchLabels"))
                .containsEntry("app.kubernetes.io/name", "velostream")
                .containsEntry("app.kubernetes.io/instance", "orders");
        assertThat(listAt(monitor, "spec", "endpoints")).containsExactly(
                Map.of("port", "http", "path", "/actuator/prometheus", "interval", "15s"));
    }

    @Test
    void hpaScalesTheDeploymentOnCpuAndOwnsItsReplicas() {
        Map<String, Map<String, Object>> objects = render(Scenario.HPA);
        Map<String, Object> hpa = objects.get("HorizontalPodAutoscaler");
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(mapAt(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment")
                .containsEntry("name", "orders-velostream");
        assertThat(mapAt(hpa, "spec")).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 6);
        assertThat(at(listAt(hpa, "spec", "metrics").get(0), "resource", "target", "averageUtilization")).isEqualTo(70);
        assertThat(mapAt(objects.get("Deployment"), "spec")).doesNotContainKey("replicas");
    }

    @Test
    void kedaScalesOnTheConsumerLagOfEachJobsGroup() {
        Map<String, Map<String, Object>> objects = render(Scenario.KEDA);
        Map<String, Object> scaled = objects.get("ScaledObject");
        assertThat(scaled.get("apiVersion")).isEqualTo("keda.sh/v1alpha1");
        assertThat(at(scaled, "spec", "scaleTargetRef", "name")).isEqualTo("orders-velostream");
        assertThat(mapAt(scaled, "spec")).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 8);
        List<Map<String, Object>> triggers = listAt(scaled, "spec", "triggers");
        assertThat(triggers).extracting(t -> t.get("type")).containsOnly("kafka");
        assertThat(triggers).extracting(t -> at(t, "authenticationRef", "name")).containsOnly("kafka-auth");
        // The service's group for a source: <application-id>-<job>-<source>.
        assertThat(mapAt(triggers.get(0), "metadata")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrapServers", "kafka:9092", "consumerGroup", "orders-svc-big_orders-orders",
                "topic", "orders", "lagThreshold", "1000"));
        assertThat(mapAt(triggers.get(1), "metadata")).containsEntry("consumerGroup", "audit-group")
                .containsEntry("topic", "audit").containsEntry("lagThreshold", "50");
        assertThat(mapAt(objects.get("Deployment"), "spec")).doesNotContainKey("replicas");
    }

    @Test
    void kedaGroupsDefaultToTheAppsApplicationName() {
        Map<String, Object> scaled = render(t -> t.set("keda.enabled", "true")
                .set("keda.triggers[0].job", "ohlc").set("keda.triggers[0].topic", "trades")
                .set("keda.triggers[0].source", "t")).get("ScaledObject");
        assertThat(at(listAt(scaled, "spec", "triggers").get(0), "metadata", "consumerGroup"))
                .isEqualTo("velostream-ohlc-t");
    }

    @Test
    void otelAgentIsCopiedByAnInitContainerAndLoadedThroughJavaToolOptions() {
        Map<String, Object> deployment = render(Scenario.OTEL_AGENT).get("Deployment");
        List<Map<String, Object>> init = listAt(deployment, "spec", "template", "spec", "initContainers");
        assertThat(init).hasSize(1);
        assertThat((String) init.get(0).get("image"))
                .startsWith("ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:");
        assertThat(init.get(0).get("command"))
                .isEqualTo(List.of("cp", "/javaagent.jar", "/otel/opentelemetry-javaagent.jar"));

        Map<String, Object> container = container(deployment);
        assertThat(env(container))
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -javaagent:/otel/opentelemetry-javaagent.jar")
                .containsEntry("OTEL_SERVICE_NAME", "orders-velostream")
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.observability:4318")
                .containsEntry("OTEL_METRICS_EXPORTER", "none");
        assertThat(listAt(container, "volumeMounts")).extracting(m -> m.get("mountPath")).contains("/otel");
        assertThat(listAt(deployment, "spec", "template", "spec", "volumes"))
                .contains(Map.of("name", "otel-agent", "emptyDir", Map.of()));
    }

    @Test
    void otelAgentInTheImageNeedsNoInitContainer() {
        Map<String, Object> deployment = render(Scenario.OTEL_AGENT_IN_IMAGE).get("Deployment");
        assertThat(at(deployment, "spec", "template", "spec", "initContainers")).isNull();
        Map<String, Object> container = container(deployment);
        assertThat(env(container)).containsEntry("JAVA_TOOL_OPTIONS", "-javaagent:/opt/otel/agent.jar")
                .containsEntry("OTEL_SERVICE_NAME", "orders");
        assertThat(listAt(container, "volumeMounts")).extracting(m -> m.get("name")).doesNotContain("otel-agent");
    }

    @Test
    void podDisruptionBudgetSelectsThePods() {
        Map<String, Map<String, Object>> objects = render(Scenario.PDB);
        Map<String, Object> pdb = objects.get("PodDisruptionBudget");
        assertThat(pdb.get("apiVersion")).isEqualTo("policy/v1");
        assertThat(mapAt(pdb, "spec")).containsEntry("minAvailable", "50%").doesNotContainKey("maxUnavailable");
        assertThat(mapAt(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(mapAt(objects.get("Deployment"), "spec", "selector", "matchLabels"));
        assertThat(at(objects.get("Deployment"), "spec", "replicas")).isEqualTo(3);
        assertThat(at(objects.get("Deployment"), "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(1);

        Map<String, Object> byDefault = render(t -> t.set("podDisruptionBudget.enabled", "true"))
                .get("PodDisruptionBudget");
        assertThat(mapAt(byDefault, "spec")).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
    }

    @Test
    void saslComesFromASecretAndConfigMerges() {
        Map<String, Map<String, Object>> objects = render(t -> t
                .set("kafka.bootstrapServers", "broker-1:9093")
                .set("kafka.securityProtocol", "SASL_SSL")
                .set("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .set("kafka.sasl.existingSecret", "kafka-credentials")
                .set("velostream.mode", "transactional")
                .set("velostream.jobs.big_orders.failure-strategy", "SendToDLQ")
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
        assertThat(at(app, "velostream", "jobs", "big_orders", "failure-strategy")).isEqualTo("SendToDLQ");
        assertThat(at(app, "management", "endpoint", "velostream", "access")).isEqualTo("unrestricted");
        Map<String, Object> podAnnotations = mapAt(objects.get("Deployment"), "spec", "template", "metadata", "annotations");
        assertThat(podAnnotations).doesNotContainKey("prometheus.io/scrape");
    }

    @Test
    void refusesSaslWithoutASecretAMissingBrokerAndTwoAutoscalers() {
        assertThatThrownBy(() -> render(t -> t.set("kafka.sasl.mechanism", "PLAIN")))
                .hasMessageContaining("kafka.sasl.existingSecret is required");
        assertThatThrownBy(() -> render(t -> t.set("kafka.bootstrapServers", "")))
                .hasMessageContaining("kafka.bootstrapServers is required");
        assertThatThrownBy(() -> render(t -> t.set("autoscaling.enabled", "true").set("keda.enabled", "true")
                .set("keda.triggers[0].job", "j").set("keda.triggers[0].topic", "t")))
                .hasMessageContaining("autoscaling.enabled and keda.enabled exclude each other");
        assertThatThrownBy(() -> render(t -> t.set("keda.enabled", "true")))
                .hasMessageContaining("keda.triggers needs at least one");
    }

    @Test
    void schemaRejectsUnknownModesWrongTypesAndUnknownKeys() {
        assertThatThrownBy(() -> render(t -> t.set("velostream.mode", "bogus")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("/velostream/mode")
                .hasMessageContaining("'simple', 'transactional'");
        assertThatThrownBy(() -> render(t -> t.set("velostream.jobs.big_orders.failure-strategy", "Ignore")))
                .hasMessageContaining("/velostream/jobs/big_orders/failure-strategy");
        assertThatThrownBy(() -> render(t -> t.set("replicaCount", "two")))
                .hasMessageContaining("/replicaCount").hasMessageContaining("want integer");
        // velostream.sql is the chart's (the mounted sql files); one given here would be silently dropped.
        assertThatThrownBy(() -> render(t -> t.set("velostream.sql", "file:other.sql")))
                .hasMessageContaining("additional properties 'sql' not allowed");
        assertThatThrownBy(() -> render(t -> t.set("keda.triggers[0].topic", "orders")))
                .hasMessageContaining("/keda/triggers/0");
    }

    @Test
    void lintFailsOnValuesTheSchemaRejects(@TempDir Path dir) throws IOException {
        LintResult result = new Helm(copyWithValues("velostream: {mode: bogus}", dir)).lint().strict().call();
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("/velostream/mode");
    }

    @Test
    void grafanaDashboardIsAnOptionalConfigMapOfTheJobMeters() throws IOException {
        assertThat(render(Scenario.DEFAULTS)).doesNotContainKey("ConfigMap-dashboard");

        Map<String, Object> configMap = render(Scenario.GRAFANA_DASHBOARD).get("ConfigMap-dashboard");
        assertThat(mapAt(configMap, "metadata", "labels")).containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/managed-by", "Helm");
        assertThat(mapAt(configMap, "metadata", "annotations")).containsEntry("grafana_folder", "Streaming");
        // JSON is YAML: SnakeYAML parses the dashboard, so a syntax error fails here.
        Map<String, Object> dashboard = new Yaml().load((String) at(configMap, "data", "velostream.json"));
        assertThat(dashboard).containsEntry("uid", "velostream");
        List<Map<String, Object>> panels = listAt(dashboard, "panels");
        assertThat(panels).isNotEmpty();

        Set<String> series = new TreeSet<>();
        for (Map<String, Object> panel : panels) {
            for (Map<String, Object> target : listAt(panel, "targets")) {
                Matcher m = Pattern.compile("velostream_[a-z_]+").matcher((String) target.get("expr"));
                while (m.find()) {
                    series.add(m.group());
                }
            }
        }
        Set<String> exposed = prometheusSeries(meterNames());
        assertThat(exposed).as("series of the meters in VelostreamMetrics").containsAll(series);
        assertThat(series).as("every job meter is on the dashboard")
                .contains("velostream_job_records_in_total", "velostream_job_records_out_total",
                        "velostream_job_errors_total", "velostream_job_dlq_records_total",
                        "velostream_job_late_records_total", "velostream_job_batches_total",
                        "velostream_source_lag_records", "velostream_job_watermark_lag_seconds",
                        "velostream_job_state_size_entries", "velostream_job_latency_seconds_count",
                        "velostream_job_batch_duration_seconds_count", "velostream_job_batch_size_records_count");
    }

    /** The meter names the starter registers, read from its source: the dashboard must not drift from them. */
    private static Set<String> meterNames() throws IOException {
        String source = Files.readString(METRICS_SOURCE);
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\"(velostream\\.[a-z.]+)\"").matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("velostream.job.records.in", "velostream.source.lag");
        return names;
    }

    /**
     * What Micrometer's Prometheus registry exposes for those meters: dots become underscores, a
     * base unit is appended (seconds, records, entries), counters end in {@code _total}, timers and
     * summaries have {@code _count}, {@code _sum}, {@code _max} (docs/spring-boot.md#metrics).
     */
    private static Set<String> prometheusSeries(Set<String> meters) {
        Set<String> series = new TreeSet<>();
        for (String meter : meters) {
            String base = meter.replace('.', '_');
            series.add(base);
            series.add(base + "_total");
            for (String unit : List.of("", "_seconds", "_records", "_entries")) {
                series.add(base + unit);
                for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
                    series.add(base + unit + suffix);
                }
            }
        }
        return series;
    }

    /** A copy of the chart whose values.yaml has the overrides merged in (lint takes no values of its own). */
    private static Path copyWithValues(String overrides, Path dir) throws IOException {
        Path chart = dir.resolve("velostream");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = chart.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Yaml yaml = new Yaml();
        Map<String, Object> values = yaml.load(Files.readString(CHART.resolve("values.yaml")));
        Map<String, Object> merged = merge(values, yaml.load(overrides));
        Files.writeString(chart.resolve("values.yaml"), yaml.dump(merged));
        return chart;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        overrides.forEach((key, value) -> base.merge(key, value, (old, v) -> old instanceof Map && v instanceof Map
                ? merge((Map<String, Object>) old, (Map<String, Object>) v) : v));
        return base;
    }

    private static Map<String, Map<String, Object>> render(Scenario scenario) {
        try {
            Path values = Files.createTempFile("values-" + scenario, ".yaml");
            Files.writeString(values, scenario.overrides);
            try {
                return render(t -> t.withValuesFile(values));
            } finally {
                Files.delete(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rendered objects by kind, and by what their name adds to the release's full name when a
     * kind has more than one object ({@code ConfigMap-dashboard}).
     */
    private static Map<String, Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
        String manifests = values.apply(new Helm(CHART).template().withName("orders")).call();
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        for (Object doc : new Yaml().loadAll(manifests)) {
            if (doc instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                String key = object.get("kind") + ((String) at(object, "metadata", "name")).replaceFirst("^orders-velostream", "");
                assertThat(byKind.put(key, object)).as("one %s", key).isNull();
            }
        }
        return byKind;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            current = current == null ? null : ((Map<String, Object>) current).get(key);
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
