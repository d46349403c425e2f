package io.velostream.engine.internal.exec.join;

import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.MemoryChangelog;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.table.TableLoader;
import io.velostream.engine.internal.table.TableWriter;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TablesTest {
    static final Schema PRODUCTS = Schema.of("region", "name", "price");

    static StreamRecord row(Object... values) {
        return StreamRecord.of(PRODUCTS, 0L, values);
    }

    static StreamRecord keyed(Object key, Object... values) {
        return row(values).withKey(key);
    }

    @Test
    void upsertKeepsTheLatestRowPerKeyAndDeleteRemovesIt() {
        TableStore t = new TableStore("products", PRODUCTS);
        StreamRecord first = row("US", "Widget", 1L);
        StreamRecord second = row("US", "Widget", 2L);
        t.upsert("US|Widget", first);
        t.upsert("EU|Widget", row("EU", "Widget", 3L));
        t.upsert("US|Widget", second);

        assertThat(t.size()).isEqualTo(2);
        assertThat(t.get("US|Widget")).isSameAs(second);
        assertThat(t.get("nope")).isNull();
        assertThat(t.schema()).isSameAs(PRODUCTS);

        t.delete("US|Widget");
        t.delete("absent");
        assertThat(t.get("US|Widget")).isNull();
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void loaderBuildsSingleKeysAsKeyStrings() {
        TableStore t = new TableStore("t", PRODUCTS);
        TableLoader loader = new TableLoader(t, new int[] {2});
        loader.apply(List.of(row("US", "A", 7L), row("US", "B", Decimal.parse("123.40")), row("US", "C", true)));

        assertThat(t.get("7").value(1)).isEqualTo("A");
        assertThat(t.get("123.4").value(1)).isEqualTo("B");
        assertThat(t.get("true").value(1)).isEqualTo("C");
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void loaderJoinsCompoundKeysWithBarsAndNullPartsAsEmpty() {
        TableStore t = new TableStore("t", PRODUCTS);
        TableLoader loader = new TableLoader(t, new int[] {0, 1});
        loader.apply(List.of(row("US", "Widget", 1L), row("US", null, 2L), row(null, "Gadget", 3L)));

        assertThat(t.get("US|Widget").value(2)).isEqualTo(1L);
        assertThat(t.get("US|").value(2)).isEqualTo(2L);
        assertThat(t.get("|Gadget").value(2)).isEqualTo(3L);
        assertThat(loader.keyOf(row("EU", "X", 0L))).isEqualTo("EU|X");
    }

    @Test
    void loaderReadsToTheEndAndLaterBatchesUpdateAndDelete() throws Exception {
        TableStore t = new TableStore("big", PRODUCTS);
        TableLoader loader = new TableLoader(t, new int[] {0});
        List<StreamRecord> rows = new ArrayList<>();
        for (long i = 0; i < 250_000; i++) {
            rows.add(row(i % 1000, "n" + i, i));
        }
        assertThat(loader.load(new MemoryReader(rows))).isEqualTo(250_000);
        assertThat(t.size()).isEqualTo(1000);
        assertThat(t.get("999").value(2)).isEqualTo(249_999L);

        // A kafka_table goes on: an update, and tombstones (no values / only NULLs) by record key.
        StreamRecord tombstone = new StreamRecord(PRODUCTS, new Object[0], "5", 0, 0, "t", 0, 9, Headers.EMPTY);
        loader.apply(List.of(row(3L, "updated", -1L), tombstone, keyed("6", null, null, null), keyed(null, (Object) null)));

        assertThat(t.get("3").value(1)).isEqualTo("updated");
        assertThat(t.get("5")).isNull();
        assertThat(t.get("6")).isNull();
        assertThat(t.size()).isEqualTo(998);
    }

    @Test
    void loaderNeedsAKeyColumn() {
        assertThatThrownBy(() -> new TableLoader(new TableStore("t", PRODUCTS), new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'t'");
    }

    @Test
    void tableWriterUpsertsByRecordKeyDeletesOnTombstonesAndSkipsKeylessRecords() {
        TableStore t = new TableStore("ctas", PRODUCTS);
        TableWriter w = new TableWriter(t);
        StreamRecord latest = keyed("US|Widget", "US", "Widget", 2L);
        w.write(List.of(keyed("US|Widget", "US", "Widget", 1L), keyed("EU|Widget", "EU", "Widget", 5L),
                keyed(7L, "x", "y", 0L), latest, row("no", "key", 1L)));

        assertThat(t.get("US|Widget")).isSameAs(latest);
        assertThat(t.get("7")).isNotNull();
        assertThat(t.size()).isEqualTo(3);
        assertThat(w.skippedWithoutKey()).isEqualTo(1);

        w.write(List.of(keyed("EU|Widget", null, null, null),
                new StreamRecord(PRODUCTS, new Object[0], 7L, 0, 0, null, -1, -1, null)));
        assertThat(t.get("EU|Widget")).isNull();
        assertThat(t.get("7")).isNull();
        assertThat(t.size()).isEqualTo(1);
    }

    /** CREATE TABLE's table in a changelogged store (docs/kafka.md#state): rolled back and restored whole, indexes too. */
    @Test
    void aTableInAChangelogStoreRollsBackAndIsRestoredWithItsIndexes() {
        MemoryChangelog log = new MemoryChangelog();
        StateStores state = new StateStores();
        TableStore t = new TableStore("ctas", PRODUCTS);
        t.useStore(new ChangelogStores(state, name -> log));
        Map<String, Integer> byRegion = t.valueIndex(0);
        TableWriter w = new TableWriter(t);
        w.write(List.of(keyed("US|Widget", "US", "Widget", Decimal.of(150, 2)), keyed(7L, "EU", "Gadget", 3L)));
        state.flush();
        state.committed(); // the commit succeeded

        w.write(List.of(keyed("US|Widget", "EU", "Widget", 2L), keyed(8L, "US", "Gizmo", 4L),
                new StreamRecord(PRODUCTS, new Object[0], 7L, 0, 0, null, -1, -1, null)));
        assertThat(t.get(7L)).isNull();
        state.rollback();

        for (TableStore table : List.of(t, restored(log))) {
            assertThat(table.size()).isEqualTo(2);
            assertThat(table.get("US|Widget").value(2)).isEqualTo(Decimal.of(150, 2));
            assertThat(table.get(7L).value(1)).isEqualTo("Gadget");
            assertThat(table.get(8L)).isNull();
            assertThat(table.valueIndex(0)).containsOnly(Map.entry("US", 1), Map.entry("EU", 1));
        }
        assertThat(byRegion).as("the index a plan holds follows the rollback").containsOnly(Map.entry("US", 1),
                Map.entry("EU", 1));
    }

    private static TableStore restored(MemoryChangelog log) {
        TableStore t = new TableStore("ctas", PRODUCTS);
        t.useStore(new ChangelogStores(new StateStores(), name -> log));
        return t;
    }
}
