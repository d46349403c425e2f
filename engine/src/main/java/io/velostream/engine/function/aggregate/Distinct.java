package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code AGG(DISTINCT x)}: passes each distinct value (SQL equality: {@code 1 = 1.0}) to the inner
 * accumulator once. It counts repeats so that {@link #remove} takes a value out of the inner
 * accumulator only when its last copy leaves.
 */
final class Distinct implements Accumulator {
    /** The first copy seen (what the inner accumulator got) and how many copies are in. */
    private static final class Seen {
        final Object value;
        long copies;

        Seen(Object value, long copies) {
            this.value = value;
            this.copies = copies;
        }
    }

    private final Accumulator inner;
    /** In first-arrival order, so merge and restore feed the inner accumulator in that order. */
    private final Map<Object, Seen> seen = new LinkedHashMap<>();

    Distinct(Accumulator inner) {
        this.inner = inner;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            add(value, 1);
        }
    }

    private void add(Object value, long copies) {
        Object key = Numbers.distinctKey(value);
        Seen s = seen.get(key);
        if (s != null) {
            s.copies += copies;
        } else {
            seen.put(key, new Seen(value, copies));
            inner.add(value);
        }
    }

    @Override
    public void remove(Object value) {
        if (value == null) {
            return;
        }
        Object key = Numbers.distinctKey(value);
        Seen s = seen.get(key);
        if (s != null && --s.copies == 0) {
            seen.remove(key);
            inner.remove(s.value);
        }
    }

    @Override
    public Object result() {
        return inner.result();
    }

    @Override
    public void merge(Accumulator other) {
        for (Seen s : ((Distinct) other).seen.values()) {
            add(s.value, s.copies);
        }
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(seen.size());
        for (Seen s : seen.values()) {
            StateCodec.writeValue(out, s.value);
            out.writeLong(s.copies);
        }
        inner.writeTo(out);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        seen.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Object value = StateCodec.readValue(in);
            seen.put(Numbers.distinctKey(value), new Seen(value, in.readLong()));
        }
        inner.readFrom(in);
    }
}
