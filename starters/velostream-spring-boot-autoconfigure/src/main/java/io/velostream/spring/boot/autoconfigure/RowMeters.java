package io.velostream.spring.boot.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.velostream.engine.job.RowMetric;
import io.velostream.engine.record.CompositeKey;
import io.velostream.engine.record.Values;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The Micrometer meters of one {@code @metric} annotation: one meter per distinct combination of
 * its label values. Label values come from output columns, so every distinct value is a new time
 * series: label a metric only with columns of few values (a region, a status), never with an id
 * or a price. A meter is looked up per observed row with a reused probe key, so a row that finds
 * its meter allocates nothing.
 *
 * <p>Used on the job's threads under this object's lock (a job with {@code threads} > 1 has several); a new run
 * of the job reuses the meters (and a gauge's value).
 */
final class RowMeters implements RowMetric.Recorder {
    private final MeterRegistry registry;
    private final String name;
    private final RowMetric.Type type;
    private final String help;
    private final List<String> labels;
    private final double[] buckets;
    private final Tags tags;
    private final Map<CompositeKey, DoubleConsumer> meters = new HashMap<>();
    private final CompositeKey probe;
    private DoubleConsumer unlabelled;

    /** @param tags the job's tags; a label named like one of them replaces it */
    RowMeters(MeterRegistry registry, RowMetric metric, Tags tags) {
        this.registry = registry;
        this.name = metric.name();
        this.type = metric.type();
        this.help = metric.help();
        this.labels = metric.labels();
        this.buckets = metric.buckets();
        this.tags = tags;
        this.probe = new CompositeKey(labels.size());
    }

    @Override
    public void record(Object[] labelValues, double value) {
        if (labelValues.length == 0) {
            if (unlabelled == null) {
                unlabelled = register(labelValues);
            }
            unlabelled.accept(value);
            return;
        }
        System.arraycopy(labelValues, 0, probe.values(), 0, labelValues.length);
        probe.rehash();
        DoubleConsumer meter = meters.get(probe);
        if (meter == null) {
            meter = register(labelValues);
            meters.put(probe.copy(), meter);
        }
        meter.accept(value);
    }

    private DoubleConsumer register(Object[] labelValues) {
        Tags meterTags = tags;
        for (int i = 0; i < labelValues.length; i++) {
            meterTags = meterTags.and(labels.get(i), Values.toKeyString(labelValues[i]));
        }
        return switch (type) {
            case COUNTER -> Counter.builder(name).description(help).tags(meterTags).register(registry)::increment;
            case HISTOGRAM -> {
                DistributionSummary.Builder b = DistributionSummary.builder(name).description(help).tags(meterTags);
                yield (buckets.length > 0 ? b.serviceLevelObjectives(buckets) : b.publishPercentileHistogram())
                        .register(registry)::record;
            }
            case GAUGE -> {
                // Registered once per label values for the job's lifetime (this object outlives its runs).
                GaugeValue holder = new GaugeValue();
                Gauge.builder(name, holder, h -> h.value).description(help).tags(meterTags).strongReference(true)
                        .register(registry);
                yield v -> holder.value = v;
            }
        };
    }

    private static final class GaugeValue {
        volatile double value = Double.NaN;
    }
}
