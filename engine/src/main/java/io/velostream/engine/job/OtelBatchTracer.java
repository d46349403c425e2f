package io.velostream.engine.job;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Each batch is a span: {@code velostream.batch <job>}, a root span (kind CONSUMER) linked to the
 * sampled span contexts of the batch's input records — their {@code traceparent}/{@code tracestate}
 * headers, at most {@link JobConfig#traceLinks()} distinct ones, the first in batch order. While
 * the batch is processed, written and committed the span is the current context (so the Java
 * agent's Kafka producer spans are its children). When the span is sampled, every output record's
 * {@code traceparent} becomes the span's and its {@code tracestate} the span's (none); otherwise
 * the outputs keep their headers (docs/sql.md#system-columns-and-headers).
 *
 * <p>Only loaded when the OpenTelemetry API is on the classpath ({@link BatchTracer#forJob}).
 */
final class OtelBatchTracer implements BatchTracer {
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final AttributeKey<String> JOB = AttributeKey.stringKey("velostream.job");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("velostream.source");
    static final AttributeKey<List<String>> TOPICS = AttributeKey.stringArrayKey("velostream.source.topics");
    static final AttributeKey<Long> RECORDS_IN = AttributeKey.longKey("velostream.records.in");
    static final AttributeKey<Long> RECORDS_OUT = AttributeKey.longKey("velostream.records.out");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return carrier.keys();
        }

        @Override
        public String get(Headers carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
    private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier[key.equals(TRACEPARENT) ? 0 : 1] = value;
        }
    };

    private final Tracer tracer;
    private final String spanName;
    private final String job;
    private final int maxLinks;
    private Span span;
    private Scope scope;

    private OtelBatchTracer(Tracer tracer, Job job) {
        this.tracer = tracer;
        this.job = job.name();
        this.spanName = "velostream.batch " + job.name();
        this.maxLinks = job.context().config().traceLinks();
    }

    /** The global OpenTelemetry's tracer, or OFF when none is installed or it is the no-op. */
    static BatchTracer forGlobal(Job job) {
        return create(GlobalOpenTelemetry.getOrNoop(), job);
    }

    static BatchTracer create(OpenTelemetry otel, Job job) {
        TracerProvider provider = otel.getTracerProvider();
        if (provider == TracerProvider.noop()) {
            return OFF;
        }
        return new OtelBatchTracer(provider.get("io.velostream.engine"), job);
    }

    @Override
    public void begin(Job.Input input, List<StreamRecord> in) {
        if (in.isEmpty()) {
            return; // an idle poll is no batch worth a span
        }
        SpanBuilder builder = tracer.spanBuilder(spanName).setNoParent().setSpanKind(SpanKind.CONSUMER)
                .setAttribute(JOB, job)
                .setAttribute(SOURCE, input.source())
                .setAttribute(RECORDS_IN, (long) in.size());
        List<String> topics = new ArrayList<>(1);
        List<String> linked = new ArrayList<>();
        for (StreamRecord r : in) {
            String topic = r.topic();
            if (topic != null && !topics.contains(topic)) {
                topics.add(topic);
            }
            String traceparent = linked.size() < maxLinks ? r.headers().get(TRACEPARENT) : null;
            if (traceparent != null && !linked.contains(traceparent)) {
                SpanContext context = Span.fromContext(W3C.extract(Context.root(), r.headers(), GETTER)).getSpanContext();
                if (context.isValid() && context.isSampled()) {
                    builder.addLink(context);
                    linked.add(traceparent);
                }
            }
        }
        span = builder.setAttribute(TOPICS, topics).startSpan();
        scope = span.makeCurrent();
    }

    @Override
    public void beforeWrite(List<StreamRecord> out) {
        if (span == null) {
            return;
        }
        span.setAttribute(RECORDS_OUT, (long) out.size());
        if (!span.getSpanContext().isSampled()) {
            return;
        }
        String[] context = new String[2];
        W3C.inject(Context.root().with(span), context, SETTER);
        for (int i = 0; i < out.size(); i++) {
            StreamRecord r = out.get(i);
            Headers h = r.headers().with(TRACEPARENT, context[0]);
            out.set(i, r.withHeaders(context[1] == null ? h.without(TRACESTATE) : h.with(TRACESTATE, context[1])));
        }
    }

    @Override
    public void failed(Throwable failure) {
        if (span != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage());
        }
        end();
    }

    @Override
    public void end() {
        if (span != null) {
            scope.close();
            span.end();
            span = null;
            scope = null;
        }
    }
}
