package io.velostream.engine.function.aggregate;

import static io.velostream.engine.function.aggregate.Agg.bind;
import static io.velostream.engine.function.aggregate.Agg.dec;
import static io.velostream.engine.function.aggregate.Agg.distinct;
import static io.velostream.engine.function.aggregate.Agg.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import org.junit.jupiter.api.Test;

class CountSumAvgTest {
    @Test
    void countStarCountsEveryRow() {
        BoundAggregate b = bind("COUNT");
        assertThat(b.inputCount()).isZero();
        assertThat(run(b, Accumulator.ROW, Accumulator.ROW, Accumulator.ROW)).isEqualTo(3L);
        assertThat(run(b)).isEqualTo(0L);
    }

    @Test
    void countIgnoresNulls() {
        assertThat(run(bind("COUNT", SqlType.ANY), 1L, null, "a", null)).isEqualTo(2L);
        assertThat(run(bind("COUNT", SqlType.ANY))).isEqualTo(0L);
        assertThat(run(bind("COUNT", SqlType.ANY), (Object) null)).isEqualTo(0L);
    }

    @Test
    void countDistinctUsesSqlEquality() {
        Object[] values = {1L, dec("1.00"), 1.0, 2L, "a", "a", null, dec("2.5"), 2.5};
        assertThat(run(distinct("COUNT", SqlType.ANY), values)).isEqualTo(4L);
        assertThat(run(bind("COUNT_DISTINCT", SqlType.ANY), values)).isEqualTo(4L);
        assertThat(run(bind("COUNT_DISTINCT", SqlType.ANY))).isEqualTo(0L);
    }

    @Test
    void sumOfIntegersStaysLong() {
        BoundAggregate b = bind("SUM", SqlType.INTEGER);
        assertThat(b.returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(run(b, 1L, null, 2L, 39L)).isEqualTo(42L);
    }

    @Test
    void sumOverNoValueIsNull() {
        assertThat(run(bind("SUM", SqlType.INTEGER))).isNull();
        assertThat(run(bind("SUM", SqlType.INTEGER), null, null)).isNull();
        assertThat(run(bind("SUM", SqlType.ANY))).isNull();
        assertThat(run(bind("AVG", SqlType.FLOAT), (Object) null)).isNull();
    }

    @Test
    void integerOverflowIsARecordError() {
        Accumulator acc = bind("SUM", SqlType.INTEGER).newAccumulator();
        acc.add(Long.MAX_VALUE);
        assertThatThrownBy(() -> acc.add(1L)).isInstanceOf(ValueException.class).hasMessageContaining("overflow");
        assertThatThrownBy(() -> ((LongInput) acc).addLong(1L)).isInstanceOf(ValueException.class);
        assertThat(acc.result()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void sumOfDecimalsIsExactWithTheWidestScale() {
        BoundAggregate b = bind("SUM", SqlType.DECIMAL);
        assertThat(b.returnType()).isEqualTo(SqlType.DECIMAL);
        Object sum = run(b, dec("1.10"), null, dec("2.205"));
        assertThat(sum).isInstanceOf(Decimal.class).hasToString("3.305");
        assertThat(((Decimal) sum).scale()).isEqualTo(3);
        assertThat(run(b, dec("0.1"), dec("0.2"))).hasToString("0.3");
    }

    @Test
    void decimalSumLeavesTheLongFastPathExactly() {
        Object sum = run(bind("SUM", SqlType.DECIMAL), dec("92233720368547758.07"), dec("92233720368547758.07"));
        assertThat(sum).hasToString("184467440737095516.14");
    }

    @Test
    void sumOfFloatsIsCompensated() {
        BoundAggregate b = bind("SUM", SqlType.FLOAT);
        assertThat(b.returnType()).isEqualTo(SqlType.FLOAT);
        Accumulator acc = b.newAccumulator();
        for (int i = 0; i < 10; i++) {
            acc.add(0.1);
        }
        assertThat(acc.result()).isEqualTo(1.0);
        assertThat(run(b, 1e100, 1.0, -1e100)).isEqualTo(1.0);
        assertThat(run(b, Double.POSITIVE_INFINITY, 1.0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void sumUnderAnyAdaptsToTheRunTimeValues() {
        BoundAggregate b = bind("SUM", SqlType.ANY);
        assertThat(b.returnType()).isEqualTo(SqlType.ANY);
        assertThat(run(b, 1L, 2L)).isEqualTo(3L);
        assertThat(run(b, 1L, dec("2.50"))).isEqualTo(dec("3.50")).hasToString("3.50");
        assertThat(run(b, dec("2.50"), 1L)).hasToString("3.50");
        assertThat(run(b, 1L, dec("2.5"), 0.5)).isEqualTo(4.0);
        assertThat(run(b, 0.5, 1L, dec("2.5"))).isEqualTo(4.0);
        assertThatThrownBy(() -> run(b, 1L, "x")).isInstanceOf(ValueException.class)
                .hasMessageContaining("SUM needs a number, got STRING 'x'");
    }

    @Test
    void sumUnderAnyHasTheTypeOfTheValuesCurrentlyIn() {
        Accumulator acc = bind("SUM", SqlType.ANY).newAccumulator();
        acc.add(1L);
        acc.add(dec("2.5"));
        acc.add(0.5);
        assertThat(acc.result()).isEqualTo(4.0);
        acc.remove(0.5);
        assertThat(acc.result()).isEqualTo(dec("3.5"));
        acc.remove(dec("2.5"));
        assertThat(acc.result()).isEqualTo(1L);
        acc.remove(1L);
        assertThat(acc.result()).isNull();
    }

    @Test
    void sumUnderAnyStillDetectsIntegerOverflow() {
        assertThatThrownBy(() -> run(bind("SUM", SqlType.ANY), Long.MAX_VALUE, 1L)).isInstanceOf(ValueException.class);
    }

    @Test
    void sumDistinct() {
        assertThat(run(distinct("SUM", SqlType.INTEGER), 1L, 2L, 2L, null, 3L, 1L)).isEqualTo(6L);
        assertThat(run(distinct("SUM", SqlType.DECIMAL), dec("1.5"), dec("1.50"), dec("2"))).hasToString("3.5");
    }

    @Test
    void avgIsFloat() {
        BoundAggregate b = bind("AVG", SqlType.INTEGER);
        assertThat(b.returnType()).isEqualTo(SqlType.FLOAT);
        assertThat(run(b, 1L, 2L, null, 4L)).isEqualTo(7.0 / 3);
        assertThat((Double) run(bind("AVG", SqlType.DECIMAL), dec("1.10"), dec("2.20"))).isCloseTo(1.65, within(1e-15));
        assertThat(run(bind("AVG", SqlType.ANY), 1L, dec("2"), 3.0)).isEqualTo(2.0);
        assertThat(run(distinct("AVG", SqlType.INTEGER), 1L, 1L, 1L, 4L)).isEqualTo(2.5);
    }

    @Test
    void primitiveFastPathsMatchTheBoxedPath() {
        Accumulator sum = bind("SUM", SqlType.INTEGER).newAccumulator();
        Accumulator fsum = bind("SUM", SqlType.FLOAT).newAccumulator();
        Accumulator avg = bind("AVG", SqlType.INTEGER).newAccumulator();
        Accumulator count = bind("COUNT", SqlType.INTEGER).newAccumulator();
        for (long i = 1; i <= 4; i++) {
            ((LongInput) sum).addLong(i);
            ((DoubleInput) fsum).addDouble(i / 2.0);
            ((LongInput) avg).addLong(i);
            ((LongInput) count).addLong(i);
        }
        assertThat(sum.result()).isEqualTo(10L);
        assertThat(fsum.result()).isEqualTo(5.0);
        assertThat(avg.result()).isEqualTo(2.5);
        assertThat(count.result()).isEqualTo(4L);
    }

    @Test
    void typedAccumulatorRejectsAValueOfAnotherType() {
        assertThatThrownBy(() -> run(bind("SUM", SqlType.INTEGER), dec("1.5"))).isInstanceOf(ValueException.class)
                .hasMessageContaining("expected an INTEGER");
    }
}
