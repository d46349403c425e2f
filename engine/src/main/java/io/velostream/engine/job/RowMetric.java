package io.velostream.engine.job;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Predicates;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One {@code @metric} annotation of a statement, compiled against the job's output columns: for
 * each output row that passes its sampling and its {@code @metric_condition}, it hands the
 * {@code @metric_labels} values and the {@code @metric_field} value (1 without a field) to a
 * {@link Recorder} — the service's metrics library, which the engine does not depend on.
 *
 * <p>Columns are slots resolved once; per row nothing is allocated here (the label values go
 * out in one reused array). Sampling is deterministic: a rate of 0.25 observes every 4th row.
 * Not thread-safe: it runs on the job's thread, once per committed batch.
 */
public final class RowMetric {
    private static final Logger log = LoggerFactory.getLogger(RowMetric.class);

    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    /** Receives one observation; {@code labelValues} is reused for the next row: copy what is kept. */
    @FunctionalInterface
    public interface Recorder {
        void record(Object[] labelValues, double value);
    }

    private final String name;
    private final Type type;
    private final String help;
    private final List<String> labels;
    private final int[] labelSlots;
    private final int fieldSlot;
    private final Evaluator condition;
    private final double[] buckets;
    private final double sampleRate;
    private final Row row = new Row();
    private final Object[] labelValues;
    private double credit;
    private boolean warned;

    /**
     * @param fieldSlot the value column's slot in the output, or -1 to count rows
     * @param condition the compiled {@code @metric_condition} over output columns, or null
     * @param buckets   histogram bucket bounds, ascending; empty for the registry's default
     */
    public RowMetric(String name, Type type, String help, List<String> labels, int[] labelSlots, int fieldSlot,
                     Evaluator condition, double[] buckets, double sampleRate) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.labels = List.copyOf(labels);
        this.labelSlots = labelSlots;
        this.fieldSlot = fieldSlot;
        this.condition = condition;
        this.buckets = buckets;
        this.sampleRate = sampleRate;
        this.labelValues = new Object[labelSlots.length];
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The {@code @metric_help} text, or null. */
    public String help() {
        return help;
    }

    /** The label names: the {@code @metric_labels} output columns. */
    public List<String> labels() {
        return labels;
    }

    public double[] buckets() {
        return buckets.clone();
    }

    /** Observes the rows of a committed batch. */
    public void observe(List<StreamRecord> rows, Recorder recorder) {
        for (int i = 0, n = rows.size(); i < n; i++) {
            StreamRecord r = rows.get(i);
            if (sampleRate < 1) {
                credit += sampleRate;
                if (credit < 1) {
                    continue;
                }
                credit -= 1;
            }
            double value = 1;
            try {
                if (condition != null) {
                    row.reset(r, null);
                    if (!Predicates.isTrue(condition.eval(row))) {
                        continue;
                    }
                }
                if (fieldSlot >= 0) {
                    Object v = r.value(fieldSlot);
                    if (!(v instanceof Number num)) {
                        continue; // NULL (or a non-number in a schemaless column) is no observation
                    }
                    value = num.doubleValue();
                }
            } catch (ValueException e) {
                // The row is already written; only this metric misses it. Said once, not per row.
                if (!warned) {
                    warned = true;
                    log.warn("metric {}: @metric_condition failed on a row at {}, which is not counted"
                            + " (further failures are not logged): {}", name, r.position(), e.getMessage());
                }
                continue;
            }
            for (int l = 0; l < labelSlots.length; l++) {
                labelValues[l] = r.value(labelSlots[l]);
            }
            recorder.record(labelValues, value);
        }
    }
}
