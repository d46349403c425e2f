package io.velostream.engine.function.aggregate;

import static io.velostream.engine.function.aggregate.Agg.bind;
import static io.velostream.engine.function.aggregate.Agg.dec;
import static io.velostream.engine.function.aggregate.Agg.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.velostream.engine.function.Argument;
import io.velostream.engine.record.SqlType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionAggregatesTest {
    private static BoundAggregate stringAgg(String name, boolean distinct, Object separator) {
        return bind(name, distinct, Arrays.asList(separator), SqlType.ANY);
    }

    @Test
    void stringAggJoinsInArrivalOrderSkippingNulls() {
        BoundAggregate b = stringAgg("STRING_AGG", false, ", ");
        assertThat(b.returnType()).isEqualTo(SqlType.STRING);
        assertThat(run(b, "b", null, "a", 3L, dec("2.50"))).isEqualTo("b, a, 3, 2.50");
        assertThat(run(b)).isNull();
        assertThat(run(b, (Object) null)).isNull();
        assertThat(run(stringAgg("GROUP_CONCAT", false, "|"), "x", "y")).isEqualTo("x|y");
        assertThat(run(stringAgg("LISTAGG", false, "-"), "x", "y")).isEqualTo("x-y");
    }

    @Test
    void separatorAsWrittenInTheCallIsAcceptedToo() {
        List<Argument> args = List.of(Argument.of(SqlType.STRING), Argument.constant(SqlType.STRING, ";"));
        BoundAggregate b = Agg.REGISTRY.find("STRING_AGG").orElseThrow().bind(args, false, List.of());
        assertThat(b.inputCount()).isEqualTo(1);
        assertThat(run(b, "a", "b")).isEqualTo("a;b");
    }

    @Test
    void defaultAndNullSeparators() {
        assertThat(run(bind("STRING_AGG", SqlType.STRING), "a", "b")).isEqualTo("a,b");
        assertThat(run(bind("GROUP_CONCAT", SqlType.STRING), "a", "b")).isEqualTo("a,b");
        assertThat(run(bind("LISTAGG", SqlType.STRING), "a", "b")).isEqualTo("ab");
        assertThat(run(stringAgg("STRING_AGG", false, null), "a", "b")).isEqualTo("ab");
    }

    @Test
    void stringAggDistinctKeepsFirstArrivalOrder() {
        assertThat(run(stringAgg("STRING_AGG", true, ","), "b", "a", "b", "c", "a")).isEqualTo("b,a,c");
    }

    @Test
    void collectBuildsAnArrayThatLaterInputDoesNotChange() {
        BoundAggregate b = bind("COLLECT", SqlType.ANY);
        assertThat(b.returnType()).isEqualTo(SqlType.ARRAY);
        Accumulator acc = b.newAccumulator();
        acc.add(1L);
        acc.add(null);
        acc.add("a");
        Object first = acc.result();
        acc.add(2.5);
        assertThat(first).isEqualTo(List.of(1L, "a"));
        assertThat(acc.result()).isEqualTo(List.of(1L, "a", 2.5));
        assertThat(run(b)).isNull();
        assertThat(run(Agg.distinct("COLLECT", SqlType.ANY), 1L, 1L, 2L)).isEqualTo(List.of(1L, 2L));
    }
}
