package io.velostream.engine.internal.exec.join;

import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

import static io.velostream.engine.internal.exec.join.TablesTest.row;
import static org.assertj.core.api.Assertions.assertThat;

class LongKeyIndexTest {
    @Test
    void onlyCanonicalIntegerKeyStringsAreLongKeys() {
        for (String s : new String[]{"0", "42", "-7", "9223372036854775807", "-9223372036854775808"}) {
            assertThat(LongKeyIndex.isLongKey(s)).as(s).isTrue();
        }
        for (String s : new String[]{"", "-", "-0", "007", "+5", "4.2", "1e3", "abc", "9223372036854775808",
                "-9223372036854775809", "12345678901234567890"}) {
            assertThat(LongKeyIndex.isLongKey(s)).as(s).isFalse();
        }
    }

    @Test
    void agreesWithAMapOnSpreadKeys() {
        // Few keys far apart: hashed; multiples of 1024 collide, are replaced and removed mid probe run.
        agreesWithAMap(random -> random.nextLong(-500, 500) * 1024, -500 * 1024, 500 * 1024);
    }

    @Test
    void agreesWithAMapOnIdsFromZero() {
        // Mostly ids from 0: the dense array grows over keys first hashed, and a few negatives stay hashed.
        agreesWithAMap(random -> random.nextLong(-50, 3000), -50, 3000);
    }

    @Test
    void agreesWithAMapOnIdsArrivingLargestFirst() {
        LongKeyIndex index = new LongKeyIndex();
        Map<Long, StreamRecord> expected = new HashMap<>();
        for (long key = 5000; key >= 0; key--) {
            StreamRecord r = row(key);
            index.put(key, r);
            expected.put(key, r);
        }
        assertThat(index.size()).isEqualTo(expected.size());
        for (long k = -1; k <= 5001; k++) {
            assertThat(index.get(k)).isSameAs(expected.get(k));
        }
    }

    private static void agreesWithAMap(ToLongFunction<SplittableRandom> keys, long from, long to) {
        LongKeyIndex index = new LongKeyIndex();
        Map<Long, StreamRecord> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            long key = keys.applyAsLong(random);
            if (random.nextInt(3) == 0) {
                index.remove(key);
                expected.remove(key);
            } else {
                StreamRecord r = row(key);
                index.put(key, r);
                expected.put(key, r);
            }
        }
        assertThat(index.size()).isEqualTo(expected.size());
        for (long k = from; k <= to; k++) {
            assertThat(index.get(k)).isSameAs(expected.get(k));
        }
    }

    @Test
    void tableLooksAnIntegerUpAsItsKeyString() {
        TableStore t = new TableStore("t", TablesTest.PRODUCTS);
        StreamRecord a = row("a");
        t.upsert("42", a);
        t.upsert("042", row("padded"));
        t.upsert("x", row("x"));
        assertThat(t.get(42L)).isSameAs(a);
        assertThat(t.get(42L)).isSameAs(t.get("42"));
        t.delete("42");
        assertThat(t.get(42L)).isNull();
        assertThat(t.get("042")).isNotNull();
    }
}
