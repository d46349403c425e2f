package io.velostream.engine.exec.join;

import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static io.velostream.engine.exec.join.TablesTest.row;
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
    void agreesWithAMapThroughPutsReplacesAndRemoves() {
        LongKeyIndex index = new LongKeyIndex();
        Map<Long, StreamRecord> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            // A small key range, so keys collide, are replaced and removed mid probe run.
            long key = random.nextLong(-500, 500) * 1024;
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
        for (long k = -500; k < 500; k++) {
            assertThat(index.get(k * 1024)).isSameAs(expected.get(k * 1024));
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
