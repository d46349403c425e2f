package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.record.CompositeKey;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.StreamRecord;

/**
 * The join key of one side of a stream–stream join, as a hash key with SQL value equality:
 * numbers are normalized (an integral value becomes an INTEGER, any other a stripped DECIMAL) so
 * {@code 1}, {@code 1.0} and {@code 1.00e0} are one key. A single key expression gives the
 * normalized value itself; several give a {@link CompositeKey}, built in one reused probe so a lookup
 * allocates nothing — {@link #retain} copies it when it becomes a stored key.
 */
final class JoinKey {
    private final Evaluator[] evaluators;
    private final Row row = new Row();
    private final CompositeKey probe;

    JoinKey(Evaluator[] evaluators) {
        if (evaluators.length == 0) {
            throw new IllegalArgumentException("a join needs at least one key expression per side");
        }
        this.evaluators = evaluators.clone();
        this.probe = evaluators.length == 1 ? null : new CompositeKey(evaluators.length);
    }

    /**
     * The key of {@code r}, or null when a key part is NULL (it matches nothing). A compound key is
     * the reused probe: valid until the next call.
     *
     * @throws io.velostream.engine.record.ValueException when a key expression fails on {@code r}
     */
    Object of(StreamRecord r) {
        row.reset(r, null);
        if (probe == null) {
            return normalize(evaluators[0].eval(row));
        }
        Object[] parts = probe.values();
        for (int i = 0; i < parts.length; i++) {
            Object v = normalize(evaluators[i].eval(row));
            if (v == null) {
                return null;
            }
            parts[i] = v;
        }
        probe.rehash();
        return probe;
    }

    /** A key that stays valid: a copy of the probe, the value itself otherwise. */
    static Object retain(Object key) {
        return key instanceof CompositeKey c ? c.copy() : key;
    }

    static Object normalize(Object v) {
        if (v instanceof Double d) {
            double x = d;
            if (x == Math.rint(x) && Math.abs(x) < 0x1p53) {
                return (long) x;
            }
            return Double.isFinite(x) ? Decimal.valueOf(x) : d;
        }
        if (v instanceof Decimal d) {
            Decimal s = d.stripTrailingZeros();
            return s.scale() == 0 && s.isCompact() ? (Object) s.longValue() : s;
        }
        return v;
    }
}
