package io.velostream.engine.function.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.velostream.engine.function.Argument;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** Test helpers: bind built-ins by name and run them over values. */
final class Agg {
    static final AggregateRegistry REGISTRY = AggregateRegistry.builtins();

    private Agg() {
    }

    static BoundAggregate bind(String name, boolean distinct, List<Object> directArgs, SqlType... types) {
        List<Argument> args = Arrays.stream(types).map(Argument::of).toList();
        return REGISTRY.find(name).orElseThrow().bind(args, distinct, directArgs);
    }

    static BoundAggregate bind(String name, SqlType... types) {
        return bind(name, false, List.of(), types);
    }

    static BoundAggregate distinct(String name, SqlType type) {
        return bind(name, true, List.of(), type);
    }

    /** Feeds one row: a value, or a {@code {y, x}} pair for two-argument aggregates. */
    static void feed(BoundAggregate bound, Accumulator acc, Object row) {
        if (bound.inputCount() == 2) {
            Object[] pair = (Object[]) row;
            acc.add2(pair[0], pair[1]);
        } else {
            acc.add(row);
        }
    }

    static void unfeed(BoundAggregate bound, Accumulator acc, Object row) {
        if (bound.inputCount() == 2) {
            Object[] pair = (Object[]) row;
            acc.remove2(pair[0], pair[1]);
        } else {
            acc.remove(row);
        }
    }

    static Accumulator accumulate(BoundAggregate bound, List<?> rows) {
        Accumulator acc = bound.newAccumulator();
        rows.forEach(r -> feed(bound, acc, r));
        return acc;
    }

    static Object run(BoundAggregate bound, Object... values) {
        return accumulate(bound, Arrays.asList(values)).result();
    }

    static Object[] pair(Object y, Object x) {
        return new Object[] {y, x};
    }

    static Decimal dec(String s) {
        return Decimal.parse(s);
    }

    static Accumulator roundTrip(BoundAggregate bound, Accumulator acc) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            acc.writeTo(new DataOutputStream(bytes));
            Accumulator restored = bound.newAccumulator();
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            restored.readFrom(in);
            assertThat(in.available()).as("state bytes left unread").isZero();
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Equal, doubles within rounding (different summation orders). */
    static void assertSameResult(Object actual, Object expected) {
        if (expected instanceof Double e && actual instanceof Double a && !e.isNaN()) {
            assertThat(a).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }
}
