package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.parse.SqlParser;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What each stage of a repartitioned GROUP BY reads and writes (docs/scaling.md#repartition). */
class RepartitionTest {
    private static final Schema ORDERS = Schema.of(List.of("id", "customer", "region", "amount", "ts", "note", "address"),
            List.of(SqlType.INTEGER, SqlType.STRING, SqlType.STRING, SqlType.DECIMAL, SqlType.TIMESTAMP, SqlType.STRING,
                    SqlType.STRUCT));

    private static final Predicate<String> NO_AGGREGATE = name -> false;

    private static Query.Select select(String sql) {
        return (Query.Select) SqlParser.parseStatement(sql).query();
    }

    @Test
    void withAClosedSchemaStage1WritesTheColumnsStage2ReadsAndTheGroupAsItsKey() {
        Query.Select s = select("SELECT UPPER(region) AS r, o.customer, SUM(amount) AS total FROM orders o"
                + " WHERE note <> 'test' GROUP BY r, o.customer, address.city WINDOW TUMBLING(ts, 1m) HAVING COUNT(id) > 1");
        Repartition.Split split = Repartition.split(s, ORDERS, "ts", "app-totals-repartition-0");

        List<Query.SelectItem> items = split.stage1().items();
        assertThat(items.stream().filter(i -> !i.primaryKey()).map(Query.SelectItem::alias))
                .as("read by stage 2, not WHERE's note; the struct column of address.city")
                .containsExactly("region", "customer", "amount", "address", "id", "ts", "_source_partition");
        List<Query.SelectItem> keys = items.stream().filter(Query.SelectItem::primaryKey).toList();
        assertThat(keys).extracting(Query.SelectItem::alias).containsExactly("_group_key_1", "_group_key_2", "_group_key_3");
        assertThat(keys.get(0).expr()).as("GROUP BY r is the item's expression").isInstanceOf(Expr.Call.class);
        assertThat(split.stage1().where()).isEqualTo(s.where());
        assertThat(split.stage1().groupBy()).isEmpty();
        assertThat(split.stage1().window()).isNull();

        Query.Select stage2 = split.stage2();
        assertThat(stage2.from().name()).isEqualTo("app-totals-repartition-0");
        assertThat(stage2.from().refName()).as("o.customer still resolves").isEqualTo("o");
        assertThat(stage2.where()).isNull();
        assertThat(stage2.items()).isEqualTo(s.items());
        assertThat(stage2.groupBy()).isEqualTo(s.groupBy());
        assertThat(stage2.window()).isEqualTo(s.window());
        assertThat(stage2.having()).isEqualTo(s.having());
    }

    @Test
    void withAnOpenSchemaStage1WritesEveryColumn() {
        Query.Select s = select("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer");
        Repartition.Split split = Repartition.split(s, Schema.open(), null, "t");
        assertThat(split.stage1().items().get(0).star()).isTrue();
        assertThat(split.stage1().items()).extracting(Query.SelectItem::alias).containsExactly(null, "_source_partition",
                "_group_key_1");
    }

    @Test
    void onlyAGroupByOfOneSourceWithoutOrderingIsACandidateAndGroupingByTheKeyIsAligned() {
        assertThat(Repartition.isCandidate(select("SELECT customer, COUNT(*) FROM orders GROUP BY customer"))).isTrue();
        assertThat(Repartition.isCandidate(select("SELECT customer FROM orders"))).isFalse();
        assertThat(Repartition.isCandidate(select("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer ORDER BY n"))).isFalse();
        assertThat(Repartition.isCandidate(select("SELECT o.customer, COUNT(*) FROM orders o JOIN c ON o.id = c.id GROUP BY o.customer")))
                .isFalse();
        assertThat(Repartition.keyedByKey(select("SELECT _key, COUNT(*) FROM orders GROUP BY _key"))).isTrue();
        assertThat(Repartition.keyedByKey(select("SELECT _key, x, COUNT(*) FROM orders GROUP BY _key, x"))).isTrue();
        assertThat(Repartition.keyedByKey(select("SELECT o._key, COUNT(*) FROM orders o GROUP BY o._key"))).isTrue();
        assertThat(Repartition.keyedByKey(select("SELECT c._key, COUNT(*) FROM orders o JOIN c ON o.x = c.x GROUP BY c._key")))
                .isFalse();
        assertThat(Repartition.keyedByKey(select("SELECT x, COUNT(*) FROM orders GROUP BY x"))).isFalse();
        assertThat(Repartition.keyedByKey(select("SELECT DISTINCT _key, x FROM orders"))).isTrue();
        assertThat(Repartition.keyedByKey(select("SELECT x, COUNT(*) OVER (PARTITION BY _key) AS n FROM orders"))).isTrue();
        assertThat(Repartition.keyedByKey(select("SELECT COUNT(*) OVER (PARTITION BY _key) AS n,"
                + " COUNT(*) OVER (PARTITION BY x) AS m FROM orders"))).as("no one key for both").isFalse();
        assertThat(Repartition.keyedByKey(select("SELECT DISTINCT _key, COUNT(*) OVER (PARTITION BY _key) AS n FROM orders")))
                .isFalse();
        assertThat(Repartition.whyNot(select("SELECT customer, COUNT(*) FROM orders WHERE _partition = 1 GROUP BY customer"), ORDERS, NO_AGGREGATE))
                .as("WHERE runs in stage 1, on the source").isNull();
        assertThat(Repartition.whyNot(select("SELECT customer, MAX(_offset) FROM orders GROUP BY customer"), ORDERS, NO_AGGREGATE))
                .contains("_offset");
    }
}
