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
import io.velostream.engine.job.JobListener;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.ProcessorContext;
import io.velostream.engine.job.ProcessorContext.StoreStat;
import io.velostream.engine.job.StateSettings;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

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

        Run run(List<Job> copies) {
            return new Run(this, copies);
        }
    }

    /**
     * One run of a job: its listener, its gauges and the binders of its Kafka clients. A job with {@code threads}
     * > 1 runs copies (docs/scaling.md#threads) that are one job to its meters: the same tags, counters and timers
     * fed by every copy, gauges summed over them (the watermark: the highest); only the Kafka clients' own meters
     * are per client ({@code client.id}).
     */
    private static final class Run implements ManagedJob.RunListener {
        private final JobMeters job;
        private final MeterRegistry registry;
        private final Map<String, Counter> recordsIn = new HashMap<>();
        private final Map<Job, Copy> copies = new IdentityHashMap<>();
        private final List<Meter> gauges = new ArrayList<>();
        private final List<KafkaClientMetrics> clients = new ArrayList<>();

        Run(JobMeters job, List<Job> compiled) {
            this.job = job;
            this.registry = job.registry;
            Tags tags = job.tags;
            Job first = compiled.get(0);
            for (int i = 0; i < first.inputs().size(); i++) {
                Job.Input input = first.inputs().get(i);
                Tags source = tags.and("source", input.source());
                recordsIn.computeIfAbsent(input.source(), s -> Counter.builder("velostream.job.records.in")
                        .description("Records read from the source, in committed batches").tags(source).register(registry));
                List<Consumer<?, ?>> consumers = new ArrayList<>();
                for (Job copy : compiled) {
                    Consumer<?, ?> consumer = client(copy.inputs().get(i).reader(), Consumer.class);
                    if (consumer != null) {
                        consumers.add(consumer);
                        bind(new KafkaClientMetrics(consumer, source));
                    }
                }
                if (!consumers.isEmpty()) {
                    String topic = ((ClientBacked) input.reader()).resource();
                    gauges.add(Gauge.builder("velostream.source.lag", consumers, c -> lag(c, topic))
                            .description("Records in the source topic after the consumer's position (sum over its"
                                    + " partitions, as of the last fetch)")
                            .baseUnit("records").tags(source).strongReference(true).register(registry));
                }
            }
            for (Job copy : compiled) {
                Producer<?, ?> producer = client(copy.writer(), Producer.class);
                if (producer != null) {
                    bind(new KafkaClientMetrics(producer, job.sink));
                }
                Producer<?, ?> dlq = client(copy.context().deadLetters(), Producer.class);
                if (dlq != null) {
                    bind(new KafkaClientMetrics(dlq, tags.and("sink", copy.context().config().dlqTopic())));
                }
                copies.put(copy, new Copy(this, copy));
            }
            List<Copy> all = List.copyOf(copies.values());
            if (all.get(0).readings.tracksEventTime()) {
                gauges.add(TimeGauge.builder("velostream.job.watermark.lag", all, TimeUnit.MILLISECONDS, Run::watermarkLag)
                        .description("Wall-clock time minus the job's event-time watermark").tags(tags)
                        .strongReference(true).register(registry));
            }
            gauges.add(Gauge.builder("velostream.job.state.size", all, c -> sum(c, copy -> copy.stateSize))
                    .description("Entries of state the job holds: groups, open windows, buffered join and sort rows,"
                            + " DISTINCT rows").baseUnit("entries").tags(tags).strongReference(true).register(registry));
            // Tasks come and go with rebalances (docs/scaling.md#tasks): the current run's counts, read at each scrape.
            List<JobMetrics> metrics = compiled.stream().map(c -> c.context().metrics()).toList();
            gauges.add(Gauge.builder("velostream.job.tasks", metrics, m -> sum(m, JobMetrics::tasks))
                    .description("Tasks (input partitions) the job runs on this instance; 0 when it runs as one")
                    .tags(tags).strongReference(true).register(registry));
            gauges.add(FunctionCounter.builder("velostream.job.rebalances", metrics, m -> sum(m, JobMetrics::rebalances))
                    .description("Rebalances that gave the job's tasks partitions or took some").tags(tags)
                    .register(registry));
            gauges.add(FunctionCounter.builder("velostream.job.restore.records", metrics,
                            m -> sum(m, JobMetrics::recordsRestored))
                    .description("Changelog records replayed into the tasks' state stores (restore progress)")
                    .baseUnit("records").tags(tags).register(registry));
            storeMeters(compiled, tags);
        }

        /** Per store of the job: its keys, RocksDB's bytes and cache hit ratio, and its restore (docs/operations.md#metrics). */
        private void storeMeters(List<Job> compiled, Tags tags) {
            List<ProcessorContext> contexts = compiled.stream().map(Job::context).toList();
            for (String store : contexts.get(0).metrics().stores()) {
                Tags st = tags.and("store", store);
                gauges.add(Gauge.builder("velostream.state.keys", contexts, c -> stat(c, store, StoreStat.KEYS))
                        .description("Keys the store holds, summed over the tasks (as of the last commit in RocksDB)")
                        .baseUnit("keys").tags(st).strongReference(true).register(registry));
                if (contexts.get(0).config().state().store() == StateSettings.Store.ROCKSDB) {
                    gauges.add(Gauge.builder("velostream.state.bytes", contexts, c -> stat(c, store, StoreStat.BYTES))
                            .description("Bytes of the store's RocksDB files and write buffers, summed over the tasks")
                            .baseUnit("bytes").tags(st).strongReference(true).register(registry));
                    gauges.add(Gauge.builder("velostream.state.cache.hit.ratio", contexts, c -> hitRatio(c, store))
                            .description("Lookups the store's Caffeine cache answered, of all (the open tasks')")
                            .tags(st).strongReference(true).register(registry));
                }
                List<JobMetrics.StoreRestore> restores = contexts.stream().map(c -> c.metrics().restore(store)).toList();
                gauges.add(FunctionCounter.builder("velostream.state.restore.records", restores,
                                r -> sum(r, JobMetrics.StoreRestore::restored))
                        .description("Changelog records replayed into the store").baseUnit("records").tags(st)
                        .register(registry));
                gauges.add(FunctionCounter.builder("velostream.state.restore.total", restores,
                                r -> sum(r, JobMetrics.StoreRestore::toRestore))
                        .description("Offsets of the changelog partitions whose restore started: what the restores"
                                + " replay at most").baseUnit("records").tags(st).register(registry));
            }
        }

        /** The figure summed over the copies that have it; NaN when none has. */
        private static double stat(List<ProcessorContext> contexts, String store, StoreStat stat) {
            long sum = -1;
            for (ProcessorContext c : contexts) {
                long v = c.storeStat(store, stat);
                if (v >= 0) {
                    sum = Math.max(sum, 0) + v;
                }
            }
            return sum < 0 ? Double.NaN : sum;
        }

        private static double hitRatio(List<ProcessorContext> contexts, String store) {
            double hits = stat(contexts, store, StoreStat.CACHE_HITS);
            double lookups = hits + stat(contexts, store, StoreStat.CACHE_MISSES);
            return lookups > 0 ? hits / lookups : Double.NaN;
        }

        private static <T> double sum(List<T> items, ToLongFunction<T> value) {
            long sum = 0;
            for (T item : items) {
                sum += value.applyAsLong(item);
            }
            return sum;
        }

        private static double watermarkLag(List<Copy> copies) {
            long w = Long.MIN_VALUE;
            for (Copy c : copies) {
                w = Math.max(w, c.watermark);
            }
            return w == Long.MIN_VALUE ? Double.NaN : System.currentTimeMillis() - w;
        }

        @Override
        public JobListener of(Job copy) {
            return copies.get(copy);
        }

        private void bind(KafkaClientMetrics binder) {
            binder.bindTo(registry);
            clients.add(binder);
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
         * The consumers' lag: the sum of their per-partition {@code records-lag} metrics for the
         * topic. A consumer's metrics may be read from any thread, unlike the consumer itself.
         */
        private static double lag(List<Consumer<?, ?>> consumers, String topic) {
            double sum = 0;
            boolean any = false;
            for (Consumer<?, ?> consumer : consumers) {
                for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
                    MetricName name = e.getKey();
                    if (name.name().equals("records-lag") && topic.equals(name.tags().get("topic"))
                            && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                        sum += n.doubleValue();
                        any = true;
                    }
                }
            }
            return any ? sum : Double.NaN;
        }
    }

    /**
     * The listener of one copy of a job, on its thread: it feeds the run's meters, and reads its own gauges and
     * {@code @metric} rows. The row meters are shared by the copies, hence the lock (one per committed batch).
     */
    private static final class Copy implements JobListener {
        private final Run run;
        private final JobGauges readings;
        private final List<RowMetric> rowMetrics;
        private final RowMeters[] rowMeters;
        private volatile long stateSize;
        private volatile long watermark = Long.MIN_VALUE;

        Copy(Run run, Job compiled) {
            this.run = run;
            this.readings = compiled.gauges();
            this.rowMetrics = compiled.context().rowMetrics();
            this.rowMeters = new RowMeters[rowMetrics.size()];
            for (int i = 0; i < rowMeters.length; i++) {
                RowMetric m = rowMetrics.get(i);
                rowMeters[i] = run.job.rowMeters.computeIfAbsent(m.name(), n -> new RowMeters(run.registry, m, run.job.tags));
            }
        }

        @Override
        public void batchCommitted(Job.Input input, List<StreamRecord> in, List<StreamRecord> out, long nanos) {
            JobMeters job = run.job;
            job.batchTime.record(nanos, TimeUnit.NANOSECONDS);
            job.batchSize.record(in.size());
            run.recordsIn.get(input.source()).increment(in.size());
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
                synchronized (rowMeters[i]) {
                    rowMetrics.get(i).observe(out, rowMeters[i]);
                }
            }
        }

        @Override
        public void recordError(RecordError error, boolean deadLettered) {
            run.job.errors.get(error.kind()).increment();
            if (deadLettered) {
                run.job.deadLettered.increment();
            }
        }
    }
}
