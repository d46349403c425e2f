package io.velostream.benchmarks;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The join benchmarks' inputs, seeded so every run sees the same records. Orders and payments are
 * 10 ms apart in event time ({@code ts}, also the record timestamp), so times increase on both
 * streams.
 */
public final class JoinRecords {
    public static final Schema ORDERS = Schema.of(List.of("id", "customer_id", "amount", "ts"),
            List.of(SqlType.INTEGER, SqlType.INTEGER, SqlType.DECIMAL, SqlType.INTEGER));
    public static final Schema CUSTOMERS = Schema.of(List.of("id", "name", "tier"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.STRING));
    public static final Schema PAYMENTS = Schema.of(List.of("order_id", "paid", "ts"),
            List.of(SqlType.INTEGER, SqlType.DECIMAL, SqlType.INTEGER));
    /** Every order's payment comes this much later in event time. */
    public static final long PAYMENT_DELAY_MS = 2_000;
    private static final long START = 1_700_000_000_000L;
    private static final String[] TIERS = {"bronze", "silver", "gold"};

    private JoinRecords() {
    }

    /**
     * Orders: id 0, 1, …; customer_id spread over {@code [0, customers × 11/10)}, so about one
     * order in 11 names an unknown customer (INNER drops it, LEFT keeps it with NULLs).
     */
    public static List<StreamRecord> orders(int n, int customers) {
        SplittableRandom random = new SplittableRandom(42);
        int customerIds = customers + customers / 10;
        List<StreamRecord> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long ts = START + i * 10L;
            list.add(StreamRecord.of(ORDERS, ts, (long) i, (long) random.nextInt(customerIds),
                    Decimal.of(random.nextLong(1, 100_000), 2), ts));
        }
        return list;
    }

    /** Customers 0 … n−1, named {@code customer_<id>}, tiers round robin. */
    public static List<StreamRecord> customers(int n) {
        List<StreamRecord> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(StreamRecord.of(CUSTOMERS, START, (long) i, "customer_" + i, TIERS[i % TIERS.length]));
        }
        return list;
    }

    /** One payment per order 0 … n−1, {@link #PAYMENT_DELAY_MS} after it. */
    public static List<StreamRecord> payments(int n) {
        SplittableRandom random = new SplittableRandom(7);
        List<StreamRecord> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long ts = START + i * 10L + PAYMENT_DELAY_MS;
            list.add(StreamRecord.of(PAYMENTS, ts, (long) i, Decimal.of(random.nextLong(1, 100_000), 2), ts));
        }
        return list;
    }
}
