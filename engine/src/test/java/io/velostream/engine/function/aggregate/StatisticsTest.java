package io.velostream.engine.function.aggregate;

import static io.velostream.engine.function.aggregate.Agg.bind;
import static io.velostream.engine.function.aggregate.Agg.dec;
import static io.velostream.engine.function.aggregate.Agg.distinct;
import static io.velostream.engine.function.aggregate.Agg.pair;
import static io.velostream.engine.function.aggregate.Agg.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.velostream.engine.record.SqlType;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    private static final Object[] SAMPLE = {2L, 4L, 4L, null, 4L, 5L, 5L, 7L, 9L};

    private static double stat(String name, Object... values) {
        return (Double) run(bind(name, SqlType.ANY), values);
    }

    @Test
    void varianceAndStandardDeviation() {
        // mean 5, squared deviations sum to 32 over 8 values
        assertThat(stat("VAR_POP", SAMPLE)).isCloseTo(4.0, within(1e-12));
        assertThat(stat("STDDEV_POP", SAMPLE)).isCloseTo(2.0, within(1e-12));
        assertThat(stat("VARIANCE", SAMPLE)).isCloseTo(32.0 / 7, within(1e-12));
        assertThat(stat("VAR_SAMP", SAMPLE)).isCloseTo(32.0 / 7, within(1e-12));
        assertThat(stat("STDDEV", SAMPLE)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(stat("STDDEV_SAMP", SAMPLE)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(bind("STDDEV", SqlType.DECIMAL).returnType()).isEqualTo(SqlType.FLOAT);
    }

    @Test
    void sampleStatisticsOfOneValueAreNull() {
        assertThat(run(bind("STDDEV", SqlType.INTEGER), 5L, null)).isNull();
        assertThat(run(bind("VARIANCE", SqlType.INTEGER), 5L)).isNull();
        assertThat(run(bind("STDDEV_POP", SqlType.INTEGER), 5L)).isEqualTo(0.0);
        assertThat(run(bind("VAR_POP", SqlType.INTEGER))).isNull();
    }

    @Test
    void varianceIsStableForLargeValuesWithSmallSpread() {
        double offset = 1e9;
        assertThat(stat("VARIANCE", offset + 4, offset + 7, offset + 13, offset + 16)).isCloseTo(30.0, within(1e-6));
    }

    @Test
    void statisticsAcceptDecimalsAndDistinct() {
        assertThat((Double) run(bind("VAR_POP", SqlType.DECIMAL), dec("1.5"), dec("2.5"))).isCloseTo(0.25, within(1e-12));
        assertThat((Double) run(distinct("VAR_POP", SqlType.INTEGER), 1L, 1L, 3L)).isCloseTo(1.0, within(1e-12));
    }

    // y = 2, 4, 5, 4, 5 over x = 1..5: Sxx = 10, Syy = 6, Sxy = 6, means 3 and 4
    private static final List<Object[]> PAIRS = List.of(pair(2L, 1L), pair(4L, 2L), pair(5L, 3L), pair(null, 9L),
            pair(4L, 4L), pair(7L, null), pair(5L, 5L));

    private static Object bivariate(String name, List<Object[]> pairs) {
        return Agg.accumulate(bind(name, SqlType.ANY, SqlType.ANY), pairs).result();
    }

    @Test
    void covarianceCorrelationAndRegressionMatchHandComputedValues() {
        assertThat((Double) bivariate("COVAR_POP", PAIRS)).isCloseTo(1.2, within(1e-12));
        assertThat((Double) bivariate("COVAR_SAMP", PAIRS)).isCloseTo(1.5, within(1e-12));
        assertThat((Double) bivariate("CORR", PAIRS)).isCloseTo(6 / Math.sqrt(60), within(1e-12));
        assertThat((Double) bivariate("REGR_SLOPE", PAIRS)).isCloseTo(0.6, within(1e-12));
        assertThat((Double) bivariate("REGR_INTERCEPT", PAIRS)).isCloseTo(2.2, within(1e-12));
        assertThat((Double) bivariate("REGR_R2", PAIRS)).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void degenerateBivariateInputFollowsPostgres() {
        List<Object[]> constantX = List.of(pair(1L, 2L), pair(3L, 2L));
        assertThat(bivariate("REGR_SLOPE", constantX)).isNull();
        assertThat(bivariate("REGR_INTERCEPT", constantX)).isNull();
        assertThat(bivariate("REGR_R2", constantX)).isNull();
        assertThat(bivariate("CORR", constantX)).isNull();
        List<Object[]> constantY = List.of(pair(5L, 1L), pair(5L, 2L));
        assertThat(bivariate("REGR_R2", constantY)).isEqualTo(1.0);
        assertThat(bivariate("REGR_SLOPE", constantY)).isEqualTo(0.0);
        assertThat(bivariate("CORR", constantY)).isNull();
        assertThat(bivariate("COVAR_POP", Collections.singletonList(pair(1L, 1L)))).isEqualTo(0.0);
        assertThat(bivariate("COVAR_SAMP", Collections.singletonList(pair(1L, 1L)))).isNull();
        assertThat(bivariate("COVAR_POP", List.of())).isNull();
        assertThat(bivariate("CORR", Collections.singletonList(pair(null, 1L)))).isNull();
    }

    @Test
    void percentileContInterpolatesLikePostgres() {
        BoundAggregate q1 = bind("PERCENTILE_CONT", false, List.of(0.25), SqlType.INTEGER);
        assertThat(q1.returnType()).isEqualTo(SqlType.FLOAT);
        assertThat(run(q1, 4L, 1L, null, 3L, 2L)).isEqualTo(1.75);
        assertThat(run(bind("PERCENTILE_CONT", false, List.of(0L), SqlType.INTEGER), 4L, 1L, 3L)).isEqualTo(1.0);
        assertThat(run(bind("PERCENTILE_CONT", false, List.of(1L), SqlType.INTEGER), 4L, 1L, 3L)).isEqualTo(4.0);
        assertThat(run(bind("PERCENTILE_CONT", false, List.of(dec("0.9")), SqlType.DECIMAL),
                dec("10"), dec("20"), dec("30"))).isEqualTo(28.0);
        assertThat(run(q1)).isNull();
    }

    @Test
    void medianIsTheMiddleOrTheMeanOfTheTwoMiddles() {
        assertThat(run(bind("MEDIAN", SqlType.INTEGER), 3L, 1L, 2L)).isEqualTo(2.0);
        assertThat(run(bind("MEDIAN", SqlType.INTEGER), 4L, 1L, 3L, 2L)).isEqualTo(2.5);
        assertThat(run(bind("MEDIAN", SqlType.FLOAT), 7.5)).isEqualTo(7.5);
        assertThat(run(bind("MEDIAN", SqlType.FLOAT), (Object) null)).isNull();
    }

    @Test
    void percentileDiscReturnsAnInputValue() {
        Object[] values = {dec("4.0"), dec("1.0"), null, dec("3.0"), dec("2.0")};
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(0.5), SqlType.DECIMAL), values)).hasToString("2.0");
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(0.25), SqlType.DECIMAL), values)).hasToString("1.0");
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(0.3), SqlType.DECIMAL), values)).hasToString("2.0");
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(0), SqlType.DECIMAL), values)).hasToString("1.0");
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(1), SqlType.DECIMAL), values)).hasToString("4.0");
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(0.5), SqlType.STRING), "b", "c", "a")).isEqualTo("b");
        assertThat(bind("PERCENTILE_DISC", false, List.of(0.5), SqlType.DECIMAL).returnType()).isEqualTo(SqlType.DECIMAL);
        assertThat(run(bind("PERCENTILE_DISC", false, List.of(0.5), SqlType.DECIMAL))).isNull();
    }
}
