package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.time.Durations;
import io.velostream.engine.internal.exec.time.EventTimeExtractor;
import io.velostream.engine.internal.exec.time.WatermarkTracker;
import io.velostream.engine.internal.exec.window.LateDataStrategy;

import java.util.Map;

/**
 * The time keys of a source (docs/windows.md#event-time), from its options (the job's keys with the source's own
 * {@code <n>.} keys over them): where its event time comes from, how the watermark follows it,
 * and what happens to late records.
 *
 * @param eventTimeField  null when the event time is the record timestamp
 * @param lateRetention   how long a closed window is kept for {@code update_previous}; null = the window size
 * @param sourcePartitions for a repartition topic ({@code repartition.source.partitions}, set by the compiler), the
 *                        partition count of the source its records come from; else 0 (docs/scaling.md#repartition)
 */
record TimeSettings(String eventTimeField, String eventTimeFormat, WatermarkTracker.Strategy strategy,
                    long maxOutOfOrderness, long idleTimeout, LateDataStrategy late, Long lateRetention,
                    int sourcePartitions) {

    /** @throws IllegalArgumentException naming the key when a value is not valid */
    static TimeSettings of(Map<String, String> options) {
        String format = options.getOrDefault("event.time.format", EventTimeExtractor.EPOCH_MILLIS);
        EventTimeExtractor.validateFormat(format);
        return new TimeSettings(options.get("event.time.field"), format,
                WatermarkTracker.Strategy.parse(options.getOrDefault("watermark.strategy", "bounded_out_of_orderness")),
                millis(options, "watermark.max_out_of_orderness", 0),
                millis(options, "watermark.idle_timeout", 0),
                LateDataStrategy.parse(options.getOrDefault("late.data.strategy", "drop")),
                options.containsKey("late.data.retention") ? millis(options, "late.data.retention", 0) : null,
                Integer.parseInt(options.getOrDefault(Repartition.SOURCE_PARTITIONS, "0").trim()));
    }

    private static long millis(Map<String, String> options, String key, long fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Durations.parseMillis(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage(), e);
        }
    }

    WatermarkTracker newWatermark() {
        return new WatermarkTracker(strategy, maxOutOfOrderness, idleTimeout, System::currentTimeMillis);
    }
}
