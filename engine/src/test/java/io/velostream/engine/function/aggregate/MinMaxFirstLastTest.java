package io.velostream.engine.function.aggregate;

import static io.velostream.engine.function.aggregate.Agg.bind;
import static io.velostream.engine.function.aggregate.Agg.dec;
import static io.velostream.engine.function.aggregate.Agg.distinct;
import static io.velostream.engine.function.aggregate.Agg.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MinMaxFirstLastTest {
    @Test
    void minMaxOfIntegers() {
        assertThat(run(bind("MIN", SqlType.INTEGER), 5L, null, -3L, 7L)).isEqualTo(-3L);
        assertThat(run(bind("MAX", SqlType.INTEGER), 5L, null, -3L, 7L)).isEqualTo(7L);
        assertThat(run(bind("MAX", SqlType.INTEGER))).isNull();
        assertThat(bind("MAX", SqlType.INTEGER).returnType()).isEqualTo(SqlType.INTEGER);
    }

    @Test
    void minMaxOfFloatsThroughThePrimitivePath() {
        Accumulator min = bind("MIN", SqlType.FLOAT).newAccumulator();
        Accumulator max = bind("MAX", SqlType.FLOAT).newAccumulator();
        for (double v : new double[] {2.5, -1.25, 9.0}) {
            ((DoubleInput) min).addDouble(v);
            ((DoubleInput) max).addDouble(v);
        }
        assertThat(min.result()).isEqualTo(-1.25);
        assertThat(max.result()).isEqualTo(9.0);
    }

    @Test
    void minMaxOfAnyOrderedType() {
        assertThat(run(bind("MIN", SqlType.STRING), "pear", "apple", null, "zebra")).isEqualTo("apple");
        assertThat(run(bind("MAX", SqlType.STRING), "pear", "apple", "zebra")).isEqualTo("zebra");
        Instant a = Instant.parse("2026-01-01T00:00:00Z");
        Instant b = Instant.parse("2026-06-01T00:00:00Z");
        assertThat(run(bind("MAX", SqlType.TIMESTAMP), b, a)).isEqualTo(b);
        assertThat(run(bind("MIN", SqlType.DATE), LocalDate.of(2026, 3, 1), LocalDate.of(2025, 1, 1)))
                .isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(run(bind("MIN", SqlType.BOOLEAN), true, false)).isEqualTo(false);
    }

    @Test
    void minMaxAcrossNumericTypesKeepTheActualValue() {
        assertThat(run(bind("MAX", SqlType.ANY), 1L, dec("2.50"), 2.0)).isEqualTo(dec("2.50")).hasToString("2.50");
        assertThat(run(bind("MIN", SqlType.DECIMAL), dec("1.10"), dec("1.05"))).hasToString("1.05");
        assertThatThrownBy(() -> run(bind("MIN", SqlType.ANY), 1L, "a")).isInstanceOf(ValueException.class);
    }

    @Test
    void distinctDoesNotChangeMinMax() {
        assertThat(run(distinct("MAX", SqlType.INTEGER), 1L, 3L, 3L)).isEqualTo(3L);
    }

    @Test
    void deltaKeepsTheNumericType() {
        assertThat(run(bind("DELTA", SqlType.INTEGER), 5L, 2L, null, 9L)).isEqualTo(7L);
        assertThat(run(bind("DELTA", SqlType.FLOAT), 1.5, 4.0)).isEqualTo(2.5);
        assertThat(run(bind("DELTA", SqlType.DECIMAL), dec("10.25"), dec("9.5"))).hasToString("0.75");
        assertThat(run(bind("DELTA", SqlType.ANY), 3L, 10L)).isEqualTo(7L);
        assertThat(run(bind("DELTA", SqlType.ANY), 3L, dec("10.5"))).hasToString("7.5");
        assertThat(run(bind("DELTA", SqlType.INTEGER), 4L)).isEqualTo(0L);
        assertThat(run(bind("DELTA", SqlType.INTEGER))).isNull();
        assertThat(bind("DELTA", SqlType.DECIMAL).returnType()).isEqualTo(SqlType.DECIMAL);
    }

    @Test
    void deltaOverflowAndNonNumbersAreRecordErrors() {
        assertThatThrownBy(() -> run(bind("DELTA", SqlType.INTEGER), Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(ValueException.class);
        assertThatThrownBy(() -> run(bind("DELTA", SqlType.ANY), "a")).isInstanceOf(ValueException.class);
    }

    @Test
    void firstAndLastSkipNulls() {
        assertThat(run(bind("FIRST_VALUE", SqlType.ANY), null, "a", "b", null)).isEqualTo("a");
        assertThat(run(bind("LAST_VALUE", SqlType.ANY), null, "a", "b", null)).isEqualTo("b");
        assertThat(run(bind("FIRST", SqlType.INTEGER), 3L, 1L)).isEqualTo(3L);
        assertThat(run(bind("LAST", SqlType.INTEGER), 3L, 1L)).isEqualTo(1L);
        assertThat(run(bind("LAST", SqlType.INTEGER))).isNull();
        assertThat(bind("FIRST_VALUE", SqlType.STRING).returnType()).isEqualTo(SqlType.STRING);
    }
}
