package io.velostream.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference checks of the peer benchmark: equal output passes, any difference is named. */
class OutputCheckTest {
    private static final long RECORDS = 1_000;

    @Test
    void rowCheckNamesAMissingRow() {
        OutputCheck complete = Workload.PASS_THROUGH.check(RECORDS), short1 = Workload.PASS_THROUGH.check(RECORDS);
        Trades.generate(RECORDS, t -> {
            complete.accept(t.json());
            if (t.id() != 7) {
                short1.accept(t.json());
            }
        });
        assertThat(complete.complete()).isTrue();
        assertThat(complete.mismatch()).isNull();
        assertThat(short1.complete()).isFalse();
        assertThat(short1.mismatch()).contains("expected 1,000 rows").contains("got 999 rows")
                .contains("missing per input partition [0, 0, 0, 1]");
    }

    /**
     * A repeated row is named, and does not stand in for a missing one: with row 7 twice and row 8
     * never, the row count matches, and the check must neither call the output complete nor equal.
     */
    @Test
    void rowCheckNamesDuplicatedRowsEvenWhenTheCountMatches() {
        OutputCheck twice = Workload.PASS_THROUGH.check(RECORDS), swapped = Workload.PASS_THROUGH.check(RECORDS);
        Trades.generate(RECORDS, t -> {
            twice.accept(t.json());
            if (t.id() == 5 || t.id() == 9) {
                twice.accept(t.json());
            }
            if (t.id() != 8) {
                swapped.accept(t.json());
            }
            if (t.id() == 7) {
                swapped.accept(t.json());
            }
        });
        assertThat(twice.complete()).isTrue();
        assertThat(twice.mismatch()).contains("got 1,002 rows").contains("(2 of them duplicates, ids [5, 9])");
        assertThat(swapped.complete()).as("999 distinct rows of 1,000").isFalse();
        assertThat(swapped.mismatch()).contains("got 1,000 rows").contains("(1 of them duplicates, ids [7])")
                .contains("missing per input partition [1, 0, 0, 0]");
    }

    @Test
    void groupByCheckComparesTheFinalRowOfEverySymbol() {
        Map<String, long[]> totals = new HashMap<>();
        Trades.generate(RECORDS, t -> add(totals, t));
        OutputCheck right = Workload.GROUP_BY.check(RECORDS), wrong = Workload.GROUP_BY.check(RECORDS);
        totals.forEach((symbol, a) -> {
            right.accept(row(symbol, a));
            wrong.accept(row(symbol, symbol.equals("SYM07") ? new long[]{a[0], a[1] + 1, a[2], a[3], a[4]} : a));
        });
        assertThat(right.complete()).isTrue();
        assertThat(right.mismatch()).isNull();
        assertThat(wrong.mismatch()).startsWith("symbol SYM07: expected").contains("quantity=" + totals.get("SYM07")[1]);
    }

    /** Every update of a symbol once, in order, passes; one update read again (an at-least-once replay) is named. */
    @Test
    void groupByCheckNamesARepeatedUpdate() {
        OutputCheck once = Workload.GROUP_BY.check(RECORDS), replayed = Workload.GROUP_BY.check(RECORDS);
        Map<String, long[]> totals = new HashMap<>();
        Trades.generate(RECORDS, t -> {
            byte[] update = row(t.symbol(), add(totals, t));
            once.accept(update);
            replayed.accept(update);
            if (t.id() == 500) {
                replayed.accept(update);
            }
        });
        assertThat(once.complete()).isTrue();
        assertThat(once.mismatch()).isNull();
        assertThat(replayed.complete()).as("every symbol reached its final count").isTrue();
        assertThat(replayed.mismatch()).startsWith("1 rows repeat a count their key had reached");
    }

    /**
     * The store comparison's GROUP BY account writes the key as a JSON number: every account's final row
     * passes, and an account without its row is named.
     */
    @Test
    void groupByAccountCheckReadsNumericKeys() {
        Map<String, long[]> totals = new HashMap<>();
        Trades.generate(RECORDS, t -> add(totals, Integer.toString(t.account()), t));
        OutputCheck right = Workload.GROUP_BY_ACCOUNT.check(RECORDS), short1 = Workload.GROUP_BY_ACCOUNT.check(RECORDS);
        String dropped = totals.keySet().iterator().next();
        totals.forEach((account, a) -> {
            byte[] row = String.format("{\"account\":%s,%s", account, new String(row("", a), StandardCharsets.UTF_8)
                    .substring("{\"symbol\":\"\",".length())).getBytes(StandardCharsets.UTF_8);
            right.accept(row);
            if (!account.equals(dropped)) {
                short1.accept(row);
            }
        });
        assertThat(right.complete()).isTrue();
        assertThat(right.mismatch()).isNull();
        assertThat(short1.complete()).isFalse();
        assertThat(short1.mismatch()).startsWith(String.format("expected final rows for %,d keys, got %,d", totals.size(),
                totals.size() - 1)).contains("missing e.g. [" + dropped + "]");
    }

    /** Adds a trade to its symbol's {trades, quantity, price cents sum, min, max}, and returns them. */
    private static long[] add(Map<String, long[]> totals, Trades.Trade t) {
        return add(totals, t.symbol(), t);
    }

    private static long[] add(Map<String, long[]> totals, String key, Trades.Trade t) {
        long[] a = totals.computeIfAbsent(key, s -> new long[]{0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
        a[0]++;
        a[1] += t.quantity();
        a[2] += t.priceCents();
        a[3] = Math.min(a[3], t.priceCents());
        a[4] = Math.max(a[4], t.priceCents());
        return a;
    }

    private static byte[] row(String symbol, long[] a) {
        return String.format("{\"symbol\":\"%s\",\"trades\":%d,\"quantity\":%d,\"avg_price\":%s,\"min_price\":%d.%02d,"
                        + "\"max_price\":%d.%02d}", symbol, a[0], a[1], a[2] / 100.0 / a[0], a[3] / 100, a[3] % 100,
                a[4] / 100, a[4] % 100).getBytes(StandardCharsets.UTF_8);
    }
}
