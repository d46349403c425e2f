package io.velostream.spring.boot.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.velostream.engine.io.ClientBacked;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobGauges;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.RowMetric;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters per job (tag {@code job}; {@code source} or {@code sink} where a meter is about one).
 * Counters the engine keeps are read when scraped; the rest is updated from the job's
 * {@link io.velostream.engine.job.JobListener}, once per committed batch or per record error,
 * so the processing loop pays nothing per record — except for {@code @metric} annotations,
 * which observe each output row they select.
 *
 * <p>Gauges of a run (watermark lag, state size, consumer lag) and the Kafka clients' own meters
 * exist while the job runs and are removed when it stops; counters and timers add up across runs.
 */
class VelostreamMetrics implements MeterBinder {
    private final VelostreamJobs jobs;

    VelostreamMetrics(VelostreamJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ManagedJob job : jobs.jobs()) {
            JobMeters meters = new JobMeters(registry, job);
            job.instrument(meters::run);
        }
    }

    /** The meters of one job that outlive its runs. */
    private static final class JobMeters {
        private final MeterRegistry registry;
        private final Tags tags;
        private final Tags sink;
        private final Timer batchTime;
        private final DistributionSummary batchSize;
        private final Timer latency;
        private final Counter deadLettered;
        private final Map<RecordError.Kind, Counter> errors = new EnumMap<>(RecordError.Kind.class);
        /** {@code @metric} meters by metric name: a gauge's value holders must survive a restart of the job. */
        private final Map<String, RowMeters> rowMeters = new ConcurrentHashMap<>();

        JobMeters(MeterRegistry registry, ManagedJob job) {
            this.registry = registry;
            this.tags = Tags.of("job", job.name());
            this.sink = tags.and("sink", job.sink());
            counter("velostream.job.records.out", "Records written to the sink", job, ManagedJob::recordsOut, sink);
            counter("velostream.job.late.records", "Records dropped because their window had closed", job,
                    ManagedJob::lateRecords, tags);
            counter("velostream.job.batches", "Batches processed", job, ManagedJob::batches, tags);
            batchTime = Timer.builder("velostream.job.batch.duration")
                    .description("Processing time of a batch: from read to committed input").tags(tags).register(registry);
            batchSize = DistributionSummary.builder("velostream.job.batch.size")
                    .description("Records read per batch").baseUnit("records").tags(tags).register(registry);
            latency = Timer.builder("velostream.job.latency")
                    .description("End-to-end latency per batch: from the event time of its newest output record"
                            + " to the batch's commit").tags(tags).register(registry);
            deadLettered = Counter.builder("velostream.job.dlq.records")
                    .description("Records sent to the dead-letter topic").tags(tags).register(registry);
            for (RecordError.Kind kind : RecordError.Kind.values()) {
                errors.put(kind, Counter.builder("velostream.job.errors")
                        .description("Record errors by kind: decode, eval (an expression failed), late (sent to the"
                                + " dead letters after its window closed)")
                        .tags(tags.and("kind", kind.tag())).register(registry));
            }
        }

        private void counter(String name, String description, ManagedJob job, ToDoubleFunction<ManagedJob> count,
                             Tags tags) {
            FunctionCounter.builder(name, job, count).description(description).tags(tags).register(registry);
        }

        Run run(Job job) {
            return new Run(this, job);
        }
    }

    /** One run of a job: its listener, its gauges and the binders of its Kafka clients. */
    private static final class Run implements ManagedJob.RunListener {
        private final JobMeters job;
        private final MeterRegistry registry;
        private final Map<String, Counter> recordsIn = new HashMap<>();
        private final JobGauges readings;
        private final List<RowMetric> rowMetrics;
        private final RowMeters[] rowMeters;
        private final List<Meter> gauges = new ArrayList<>();
        private final List<KafkaClientMetrics> clients = new ArrayList<>();
        private volatile long stateSize;
        private volatile long watermark = Long.MIN_VALUE;

        Run(JobMeters job, Job compiled) {
            this.job = job;
            this.registry = job.registry;
            Tags tags = job.tags;
            for (Job.Input input : compiled.inputs()) {
                Tags source = tags.and("source", input.source());
                recordsIn.computeIfAbsent(input.source(), s -> Counter.builder("velostream.job.records.in")
                        .description("Records read from the source, in committed batches").tags(source).register(registry));
                Consumer<?, ?> consumer = client(input.reader(), Consumer.class);
                if (consumer != null) {
                    String topic = ((ClientBacked) input.reader()).resource();
                    gauges.add(Gauge.builder("velostream.source.lag", consumer, c -> lag(c, topic))
                            .description("Records in the source topic after the consumer's position (sum over its"
                                    + " partitions, as of the last fetch)")
                            .baseUnit("records").tags(source).strongReference(true).register(registry));
                    bind(new KafkaClientMetrics(consumer, source));
                }
            }
            Producer<?, ?> producer = client(compiled.writer(), Producer.class);
            if (producer != null) {
                bind(new KafkaClientMetrics(producer, job.sink));
            }
            Producer<?, ?> dlq = client(compiled.context().deadLetters(), Producer.class);
            if (dlq != null) {
                bind(new KafkaClientMetrics(dlq, tags.and("sink", compiled.context().config().dlqTopic())));
            }
            readings = compiled.gauges();
            if (readings.tracksEventTime()) {
                gauges.add(TimeGauge.builder("velostream.job.watermark.lag", this, TimeUnit.MILLISECONDS,
                                r -> r.watermark == Long.MIN_VALUE ? Double.NaN : System.currentTimeMillis() - r.watermark)
                        .description("Wall-clock time minus the job's event-time watermark").tags(tags)
                        .strongReference(true).register(registry));
            }
            gauges.add(Gauge.builder("velostream.job.state.size", this, r -> r.stateSize)
                    .description("Entries of state the job holds: groups, open windows, buffered join and sort rows,"
                            + " DISTINCT rows").baseUnit("entries").tags(tags).strongReference(true).register(registry));
            // Tasks come and go with rebalances (docs/scaling.md#tasks): the current run's counts, read at each scrape.
            JobMetrics metrics = compiled.context().metrics();
            gauges.add(Gauge.builder("velostream.job.tasks", metrics, JobMetrics::tasks)
                    .description("Tasks (input partitions) the job runs on this instance; 0 when it runs as one")
                    .tags(tags).strongReference(true).register(registry));
            gauges.add(FunctionCounter.builder("velostream.job.rebalances", metrics, JobMetrics::rebalances)
                    .description("Rebalances that gave the job's tasks partitions or took some").tags(tags)
                    .register(registry));
            gauges.add(FunctionCounter.builder("velostream.job.restore.records", metrics, JobMetrics::recordsRestored)
                    .description("Changelog records replayed into the tasks' state stores (restore progress)")
                    .baseUnit("records").tags(tags).register(registry));
            rowMetrics = compiled.context().rowMetrics();
            rowMeters = new RowMeters[rowMetrics.size()];
            for (int i = 0; i < rowMeters.length; i++) {
                RowMetric m = rowMetrics.get(i);
                rowMeters[i] = job.rowMeters.computeIfAbsent(m.name(), n -> new RowMeters(registry, m, tags));
            }
        }

        private void bind(KafkaClientMetrics binder) {
            binder.bindTo(registry);
            clients.add(binder);
        }

        @Override
        public void batchCommitted(Job.Input input, List<StreamRecord> in, List<StreamRecord> out, long nanos) {
            job.batchTime.record(nanos, TimeUnit.NANOSECONDS);
            job.batchSize.record(in.size());
            recordsIn.get(input.source()).increment(in.size());
            long newest = Long.MIN_VALUE;
            for (int i = 0, n = out.size(); i < n; i++) {
                newest = Math.max(newest, out.get(i).eventTime());
            }
            long now = System.currentTimeMillis();
            if (newest > 0 && newest <= now) {
                job.latency.record(now - newest, TimeUnit.MILLISECONDS);
            }
            stateSize = readings.stateSize();
            watermark = readings.watermark();
            for (int i = 0; i < rowMeters.length; i++) {
                rowMetrics.get(i).observe(out, rowMeters[i]);
            }
        }

        @Override
        public void recordError(RecordError error, boolean deadLettered) {
            job.errors.get(error.kind()).increment();
            if (deadLettered) {
                job.deadLettered.increment();
            }
        }

        @Override
        public void close() {
            gauges.forEach(registry::remove);
            clients.forEach(KafkaClientMetrics::close);
        }

        /** The client of that type behind an endpoint (a Kafka consumer or producer), or null. */
        private static <C> C client(Object endpoint, Class<C> type) {
            return endpoint instanceof ClientBacked backed ? backed.client(type) : null;
        }

        /**
         * The consumer's lag: the sum of its per-partition {@code records-lag} metrics for the
         * topic. A consumer's metrics may be read from any thread, unlike the consumer itself.
         */
        private static double lag(Consumer<?, ?> consumer, String topic) {
            double sum = 0;
            boolean any = false;
            for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
                MetricName name = e.getKey();
                if (name.name().equals("records-lag") && topic.equals(name.tags().get("topic"))
                        && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    sum += n.doubleValue();
                    any = true;
                }
            }
            return any ? sum : Double.NaN;
        }
    }
}
