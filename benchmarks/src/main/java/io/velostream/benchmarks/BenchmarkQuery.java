package io.velostream.benchmarks;

/**
 * The queries measured (docs/benchmarks.md): S1–S3 are the seed report's scenarios, T1–T5
 * velostream's tier-1 operations, R1 a row window over the same record shape. Windowed queries take their event
 * time from {@code ts}.
 */
public enum BenchmarkQuery {
    S1_PASS_THROUGH("SELECT * FROM test_stream"),
    S2_GROUP_BY_CHANGES(S2.GROUP_BY + " EMIT CHANGES"),
    S2_GROUP_BY_FINAL(S2.GROUP_BY + " EMIT FINAL"),
    S3_TUMBLING_FINAL(S2.GROUP_BY + " WINDOW TUMBLING(1m) EMIT FINAL"),
    T1_FILTER_PROJECT("SELECT id, category, amount * 2 AS double_amount FROM test_stream WHERE amount > 500.00"),
    T2_GROUP_BY_CONTINUOUS("SELECT category, COUNT(*) AS cnt, SUM(amount) AS total FROM test_stream"
            + " GROUP BY category EMIT CHANGES"),
    T3_TUMBLING_REVENUE("SELECT category, COUNT(*) AS cnt, SUM(amount * (id % 10)) AS revenue FROM test_stream"
            + " GROUP BY category WINDOW TUMBLING(1m) EMIT FINAL"),
    T4_HAVING("SELECT category, COUNT(*) AS cnt, AVG(amount) AS avg_amt FROM test_stream"
            + " GROUP BY category HAVING AVG(amount) > 500.00 EMIT CHANGES"),
    T5_TUMBLING_CHANGES("SELECT category, COUNT(*) AS cnt, SUM(amount) AS total FROM test_stream"
            + " GROUP BY category WINDOW TUMBLING(1m) EMIT CHANGES"),
    R1_ROWS_WINDOW("SELECT id, category, AVG(amount) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY category)"
            + " AS moving_avg FROM test_stream");

    private final String sql;

    BenchmarkQuery(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    /** WITH entries the query needs besides its source and sink. */
    public String options() {
        return sql.contains(" WINDOW ") ? "'event.time.field' = 'ts', " : "";
    }

    private static final class S2 {
        static final String GROUP_BY = "SELECT category, COUNT(*) as cnt, SUM(amount) as total, AVG(amount) as avg_amt,"
                + " MIN(amount) as min_amt, MAX(amount) as max_amt FROM test_stream GROUP BY category";
    }
}
