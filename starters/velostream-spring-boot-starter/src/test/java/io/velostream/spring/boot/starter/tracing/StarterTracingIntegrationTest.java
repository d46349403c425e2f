package io.velostream.spring.boot.starter.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenTelemetry SDK with an in-memory exporter installed as the global OpenTelemetry, as the
 * Java agent installs its own: records with {@code traceparent} headers go through a job between
 * two topics of a real KRaft broker; each output carries the context of the batch span that
 * produced it, and that span links to the sampled input contexts.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "velostream.application-id=traced",
        "velostream.sql=CREATE STREAM traced_out AS SELECT id, amount FROM traced_in WHERE amount > 100",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
@EmbeddedKafka(partitions = 1, topics = {"traced_in", "traced_out"})
class StarterTracingIntegrationTest {
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final String A = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static final String B = "00-1af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01";
    static final String UNSAMPLED = "00-2af7651916cd43dd8448eb211c80319c-d7ad6b7169203331-00";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;

    @AfterAll
    static void resetGlobal() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void outputsCarryTheBatchSpanWhichLinksTheInputs() throws Exception {
        send("{\"id\": 1, \"amount\": 150}", A);
        send("{\"id\": 2, \"amount\": 250}", B);
        send("{\"id\": 3, \"amount\": 350}", UNSAMPLED).get();

        List<ConsumerRecord<String, String>> out = read("traced_out", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> batchSpans().stream().mapToLong(s -> s.getLinks().size()).sum() >= 2);
        List<SpanData> spans = batchSpans();
        for (ConsumerRecord<String, String> r : out) {
            String traceparent = new String(r.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
            assertThat(spans).as("the batch span of " + r.value())
                    .anySatisfy(s -> assertThat(traceparent).isEqualTo(w3c(s.getSpanContext())));
        }
        assertThat(spans).flatExtracting(s -> s.getLinks().stream().map(LinkData::getSpanContext).map(this::w3c).toList())
                .as("sampled inputs only").containsExactlyInAnyOrder(A, B);
        assertThat(spans).allSatisfy(s -> assertThat(s.getName()).isEqualTo("velostream.batch traced_out"));
    }

    private List<SpanData> batchSpans() {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("velostream.batch")).toList();
    }

    private String w3c(SpanContext c) {
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    private java.util.concurrent.CompletableFuture<?> send(String value, String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>("traced_in", value);
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return kafka.send(record);
    }

    private List<ConsumerRecord<String, String>> read(String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(),
                "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    @SpringBootApplication
    static class TracedService {
        /** Installed while the context starts, so before the jobs start (as the agent's is, at JVM start). */
        @Bean
        OpenTelemetrySdk openTelemetry() {
            OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
            GlobalOpenTelemetry.set(sdk);
            return sdk;
        }
    }
}
