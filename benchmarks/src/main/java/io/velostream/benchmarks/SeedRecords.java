package io.velostream.benchmarks;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The seed report's input, seeded so every run sees the same records: id INTEGER (0, 1, …),
 * category STRING (50 values, round robin), amount DECIMAL scale 2 (0.01 … 999.99), ts INTEGER
 * epoch millis, 10 ms apart (so a 1-minute window holds 6,000 records). The record timestamp and
 * event time are ts as well.
 */
public final class SeedRecords {
    public static final Schema SCHEMA = Schema.of(List.of("id", "category", "amount", "ts"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.DECIMAL, SqlType.INTEGER));
    private static final long START = 1_700_000_000_000L;
    private static final String[] CATEGORIES = new String[50];

    static {
        for (int i = 0; i < CATEGORIES.length; i++) {
            CATEGORIES[i] = "category_" + i;
        }
    }

    private SeedRecords() {
    }

    /** Hands the {@code n} records to {@code sink} in order, without holding them. */
    public static void generate(int n, Consumer<StreamRecord> sink) {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            long ts = START + i * 10L;
            sink.accept(StreamRecord.of(SCHEMA, ts, (long) i, CATEGORIES[i % CATEGORIES.length],
                    Decimal.of(random.nextLong(1, 100_000), 2), ts));
        }
    }

    public static List<StreamRecord> generate(int n) {
        List<StreamRecord> list = new ArrayList<>(n);
        generate(n, list::add);
        return list;
    }
}
