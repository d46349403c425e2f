package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.Values;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Aggregates that need every non-null input, in arrival order: COLLECT, STRING_AGG/LISTAGG and
 * PERCENTILE_DISC. They differ only in how the list becomes the result.
 */
final class ValueList implements Accumulator {
    /** Turns the (non-empty, mutable) list of inputs into the result. */
    interface Finisher {
        Object finish(List<Object> values);
    }

    static Finisher collect() {
        return List::copyOf;
    }

    static Finisher join(String separator) {
        return values -> values.stream().map(Values::toDisplayString).collect(Collectors.joining(separator));
    }

    /**
     * PostgreSQL's PERCENTILE_DISC: the first value, in sort order, whose cumulative position
     * reaches the fraction. Sorting in place is fine: only this finisher reads the list.
     */
    static Finisher percentileDisc(double fraction) {
        return values -> {
            values.sort(Values::compare);
            int row = (int) Math.ceil(fraction * values.size());
            return values.get(Math.max(row, 1) - 1);
        };
    }

    private final Finisher finisher;
    private ArrayList<Object> values = new ArrayList<>(0);

    ValueList(Finisher finisher) {
        this.finisher = finisher;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            values.add(value);
        }
    }

    @Override
    public Object result() {
        return values.isEmpty() ? null : finisher.finish(values);
    }

    @Override
    public void merge(Accumulator other) {
        values.addAll(((ValueList) other).values);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        StateCodec.writeValue(out, values);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readFrom(DataInput in) throws IOException {
        values = new ArrayList<>((List<Object>) StateCodec.readValue(in));
    }
}
