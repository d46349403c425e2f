package io.velostream.engine.job;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.io.memory.MemoryWriter;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch spans of the job loop with the OpenTelemetry SDK installed as the global, and without. */
class BatchTracingTest {
    static final Schema ORDERS = Schema.of(List.of("id", "region", "amount"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.INTEGER));
    static final String A = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static final String B_UNSAMPLED = "00-1af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-00";
    static final String C = "00-2af7651916cd43dd8448eb211c80319c-d7ad6b7169203331-01";

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final MemoryWriter sink = new MemoryWriter();

    @AfterEach
    void resetGlobal() {
        GlobalOpenTelemetry.resetForTest();
    }

    void install(Sampler sampler) {
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(sampler).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build());
    }

    static StreamRecord order(long id, String region, String... headers) {
        return new StreamRecord(ORDERS, new Object[]{id, region, id * 10}, null, id, id, "orders", 0, id,
                Headers.of(headers));
    }

    /** Runs {@code sql} (its sink named out) over {@code batches} of the source orders through the job loop. */
    List<StreamRecord> run(String sql, List<List<StreamRecord>> batches) {
        Connectors connectors = new Connectors().register(new ConnectorFactory() {
            @Override
            public String type() {
                return "memory";
            }

            @Override
            public DataReader openReader(EndpointSpec spec) {
                return MemoryReader.ofBatches(ORDERS, batches);
            }

            @Override
            public DataWriter openWriter(EndpointSpec spec) {
                return sink;
            }
        });
        Job job = ApplicationCompiler.withBuiltins(connectors)
                .prepare(sql, new ApplicationCompiler.Options(null, null, Map.of(), Map.of(), "memory", "memory"))
                .nextJob();
        new JobRunner().run(job);
        return sink.records();
    }

    static String traceparent(SpanData span) {
        return w3c(span.getSpanContext());
    }

    static List<String> linked(SpanData span) {
        return span.getLinks().stream().map(LinkData::getSpanContext).map(BatchTracingTest::w3c).toList();
    }

    static String w3c(SpanContext c) {
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    @Test
    void eachBatchIsASpanLinkedToItsSampledInputsAndTheOutputsCarryIt() {
        install(Sampler.alwaysOn());
        List<StreamRecord> out = run("CREATE STREAM out AS SELECT id, region FROM orders WHERE id <> 3", List.of(
                List.of(order(1, "EU", "traceparent", A, "source", "web"), order(2, "US", "traceparent", B_UNSAMPLED),
                        order(3, "EU", "traceparent", A), order(4, "US", "traceparent", C, "tracestate", "vendor=x")),
                List.of(order(5, "EU"))));

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(2);
        SpanData first = spans.get(0);
        assertThat(first.getName()).isEqualTo("velostream.batch out");
        assertThat(first.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(first.getParentSpanContext().isValid()).isFalse();
        assertThat(linked(first)).as("distinct sampled inputs, in batch order").containsExactly(A, C);
        assertThat(first.getLinks().get(1).getSpanContext().getTraceState().get("vendor")).isEqualTo("x");
        assertThat(first.getAttributes().get(OtelBatchTracer.JOB)).isEqualTo("out");
        assertThat(first.getAttributes().get(OtelBatchTracer.SOURCE)).isEqualTo("orders");
        assertThat(first.getAttributes().get(OtelBatchTracer.TOPICS)).containsExactly("orders");
        assertThat(first.getAttributes().get(OtelBatchTracer.RECORDS_IN)).isEqualTo(4L);
        assertThat(first.getAttributes().get(OtelBatchTracer.RECORDS_OUT)).isEqualTo(3L);
        assertThat(spans.get(1).getLinks()).isEmpty();
        assertThat(spans.get(1).getTraceId()).isNotEqualTo(first.getTraceId());

        assertThat(out).extracting(r -> r.get("id")).containsExactly(1L, 2L, 4L, 5L);
        assertThat(out.subList(0, 3)).extracting(r -> r.headers().get("traceparent")).containsOnly(traceparent(first));
        assertThat(out.get(3).headers().get("traceparent")).isEqualTo(traceparent(spans.get(1)));
        assertThat(out.get(0).headers().get("source")).as("the other headers stay").isEqualTo("web");
        assertThat(out.get(2).headers().has("tracestate")).as("the input trace's state is not the span's").isFalse();
    }

    @Test
    void linksAreBoundedByMaxLinks() {
        install(Sampler.alwaysOn());
        String[] contexts = new String[5];
        StreamRecord[] batch = new StreamRecord[5];
        for (int i = 0; i < 5; i++) {
            contexts[i] = "00-0af7651916cd43dd8448eb211c80319" + i + "-b7ad6b7169203331-01";
            batch[i] = order(i, "EU", "traceparent", contexts[i]);
        }
        run("CREATE STREAM out AS SELECT id FROM orders WITH ('observability.tracing.max_links' = '2')",
                List.of(List.of(batch)));
        assertThat(linked(exporter.getFinishedSpanItems().get(0))).containsExactly(contexts[0], contexts[1]);
    }

    @Test
    void aggregateResultsCarryTheSpanOfTheBatchThatEmittedThem() {
        install(Sampler.alwaysOn());
        List<StreamRecord> out = run("CREATE STREAM out AS SELECT region, COUNT(*) AS n FROM orders GROUP BY region"
                        + " EMIT CHANGES", List.of(List.of(order(1, "EU", "traceparent", A)),
                List.of(order(2, "EU", "traceparent", C))));
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(out).extracting(r -> r.get("n")).containsExactly(1L, 2L);
        assertThat(out).extracting(r -> r.headers().get("traceparent"))
                .containsExactly(traceparent(spans.get(0)), traceparent(spans.get(1)));
        assertThat(linked(spans.get(1))).containsExactly(C);
    }

    @Test
    void anUnsampledBatchSpanLeavesTheInputTraceparent() {
        install(Sampler.alwaysOff());
        StreamRecord in = order(1, "EU", "traceparent", A);
        List<StreamRecord> out = run("CREATE STREAM out AS SELECT * FROM orders", List.of(List.of(in)));
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
        assertThat(out).containsExactly(in);
    }

    @Test
    void withoutAnInstalledOpenTelemetryTheInputTraceparentPassesThroughUnchanged() {
        StreamRecord in = order(1, "EU", "traceparent", A, "tracestate", "vendor=x");
        List<StreamRecord> out = run("CREATE STREAM out AS SELECT id, region FROM orders", List.of(List.of(in)));
        assertThat(out.get(0).headers()).isSameAs(in.headers());
        assertThat(BatchTracer.forJob(jobNamed("x", JobConfig.DEFAULT_TRACE_LINKS))).isSameAs(BatchTracer.OFF);
    }

    @Test
    void maxLinksZeroTurnsBatchSpansOff() {
        install(Sampler.alwaysOn());
        StreamRecord in = order(1, "EU", "traceparent", A);
        List<StreamRecord> out = run("CREATE STREAM out AS SELECT * FROM orders"
                + " WITH ('observability.tracing.max_links' = '0')", List.of(List.of(in)));
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
        assertThat(out).containsExactly(in);
    }

    @Test
    void aNegativeMaxLinksIsAnError() {
        assertThatThrownBy(() -> run("CREATE STREAM out AS SELECT * FROM orders"
                + " WITH ('observability.tracing.max_links' = '-1')", List.of()))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("'observability.tracing.max_links' must be a non-negative integer, got '-1'");
    }

    @Test
    void aFailedBatchIsAnErrorSpan() {
        install(Sampler.alwaysOn());
        BatchTracer tracer = BatchTracer.forJob(jobNamed("x", 4));
        Job.Input input = new Job.Input("orders", null, null);
        tracer.begin(input, List.of(order(1, "EU", "traceparent", A)));
        tracer.failed(new IllegalStateException("broker away"));
        tracer.end();
        SpanData span = exporter.getFinishedSpanItems().get(0);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("broker away");
        assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    }

    private static Job jobNamed(String name, int traceLinks) {
        JobConfig d = JobConfig.defaults(name);
        JobConfig config = new JobConfig(name, d.mode(), d.batchSize(), d.batchTimeoutMillis(), d.failureStrategy(),
                d.maxRetries(), d.retryBackoffMillis(), d.dlqTopic(), d.distinctMaxEntries(), traceLinks,
                d.commitIntervalMillis(), d.threads(), d.state());
        return new Job(new ProcessorContext(config), List.of(), new MemoryWriter());
    }
}
