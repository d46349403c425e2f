package io.velostream.engine.function.aggregate;

import static io.velostream.engine.function.aggregate.Agg.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.SqlType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BindTest {
    @ParameterizedTest
    @ValueSource(strings = {"SUM", "AVG", "DELTA", "MEDIAN", "STDDEV", "STDDEV_POP", "VARIANCE", "VAR_POP"})
    void numericAggregateOfAStaticStringIsACompileTimeError(String name) {
        assertThatThrownBy(() -> bind(name, SqlType.STRING)).isInstanceOf(FunctionException.class)
                .hasMessage(name + " needs a numeric argument, got STRING");
    }

    @Test
    void unknownAndNullTypesAreAllowedWhereANumberIsNeeded() {
        assertThat(bind("SUM", SqlType.ANY).returnType()).isEqualTo(SqlType.ANY);
        assertThat(bind("SUM", SqlType.NULL).returnType()).isEqualTo(SqlType.ANY);
        assertThat(bind("AVG", SqlType.ANY).returnType()).isEqualTo(SqlType.FLOAT);
    }

    @Test
    void bivariateAggregatesCheckBothArguments() {
        assertThatThrownBy(() -> bind("CORR", SqlType.INTEGER, SqlType.BOOLEAN)).isInstanceOf(FunctionException.class)
                .hasMessage("CORR needs a numeric argument, got BOOLEAN");
        assertThatThrownBy(() -> bind("REGR_SLOPE", SqlType.INTEGER)).isInstanceOf(FunctionException.class)
                .hasMessage("REGR_SLOPE takes 2 arguments, got 1");
        assertThatThrownBy(() -> bind("COVAR_POP", true, List.of(), SqlType.FLOAT, SqlType.FLOAT))
                .isInstanceOf(FunctionException.class).hasMessage("COVAR_POP does not take DISTINCT");
        BoundAggregate b = bind("CORR", SqlType.FLOAT, SqlType.INTEGER);
        assertThat(b.inputCount()).isEqualTo(2);
        assertThat(b.returnType()).isEqualTo(SqlType.FLOAT);
    }

    @Test
    void wrongArity() {
        assertThatThrownBy(() -> bind("SUM")).isInstanceOf(FunctionException.class).hasMessage("SUM takes 1 argument, got 0");
        assertThatThrownBy(() -> bind("MAX", SqlType.INTEGER, SqlType.INTEGER)).isInstanceOf(FunctionException.class)
                .hasMessage("MAX takes 1 argument, got 2");
        assertThatThrownBy(() -> bind("COUNT", SqlType.INTEGER, SqlType.INTEGER)).isInstanceOf(FunctionException.class);
        assertThatThrownBy(() -> bind("STRING_AGG", SqlType.STRING, SqlType.STRING, SqlType.STRING))
                .isInstanceOf(FunctionException.class);
    }

    @Test
    void countStarWithDistinctIsAnError() {
        assertThatThrownBy(() -> bind("COUNT", true, List.of())).isInstanceOf(FunctionException.class)
                .hasMessage("COUNT does not take DISTINCT");
    }

    @Test
    void constantParametersOnlyWhereTheAggregateTakesThem() {
        assertThatThrownBy(() -> bind("SUM", false, List.of(0.5), SqlType.INTEGER)).isInstanceOf(FunctionException.class)
                .hasMessage("SUM takes no constant parameters");
        assertThatThrownBy(() -> bind("STRING_AGG", false, List.of(",", ";"), SqlType.STRING))
                .isInstanceOf(FunctionException.class);
    }

    @Test
    void percentilesNeedOneFractionBetweenZeroAndOne() {
        assertThatThrownBy(() -> bind("PERCENTILE_CONT", SqlType.INTEGER)).isInstanceOf(FunctionException.class)
                .hasMessageContaining("PERCENTILE_CONT takes one constant fraction between 0 and 1");
        assertThatThrownBy(() -> bind("PERCENTILE_DISC", false, List.of(1.5), SqlType.INTEGER))
                .isInstanceOf(FunctionException.class);
        assertThatThrownBy(() -> bind("PERCENTILE_CONT", false, List.of("half"), SqlType.INTEGER))
                .isInstanceOf(FunctionException.class);
        assertThatThrownBy(() -> bind("PERCENTILE_CONT", false, List.of(0.5), SqlType.STRING))
                .isInstanceOf(FunctionException.class).hasMessage("PERCENTILE_CONT needs a numeric argument, got STRING");
        assertThat(bind("PERCENTILE_DISC", false, List.of(0.5), SqlType.STRING).returnType()).isEqualTo(SqlType.STRING);
    }

    @Test
    void stringAggSeparatorMustBeConstant() {
        List<Argument> args = List.of(Argument.of(SqlType.STRING), Argument.of(SqlType.STRING));
        assertThatThrownBy(() -> Agg.REGISTRY.find("STRING_AGG").orElseThrow().bind(args, false, List.of()))
                .isInstanceOf(FunctionException.class).hasMessage("STRING_AGG needs a constant separator");
    }

    @Test
    void minMaxNeedAnOrderedType() {
        assertThatThrownBy(() -> bind("MIN", SqlType.MAP)).isInstanceOf(FunctionException.class)
                .hasMessage("MIN needs an ordered type, got MAP");
    }

    @Test
    void returnTypesAndRemoveSupport() {
        assertThat(bind("COUNT").returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(bind("APPROX_COUNT_DISTINCT", SqlType.STRING).returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(bind("MAX", SqlType.TIMESTAMP).returnType()).isEqualTo(SqlType.TIMESTAMP);
        assertThat(bind("COLLECT", SqlType.STRING).returnType()).isEqualTo(SqlType.ARRAY);
        assertThat(bind("COUNT").supportsRemove()).isTrue();
        assertThat(bind("SUM", SqlType.DECIMAL).supportsRemove()).isTrue();
        assertThat(bind("STDDEV", SqlType.FLOAT).supportsRemove()).isTrue();
        assertThat(bind("MAX", SqlType.INTEGER).supportsRemove()).isFalse();
        assertThat(bind("MEDIAN", SqlType.INTEGER).supportsRemove()).isFalse();
    }

    @Test
    void typedNumericAccumulatorsTakePrimitives() {
        assertThat(bind("SUM", SqlType.INTEGER).newAccumulator()).isInstanceOf(LongInput.class);
        assertThat(bind("SUM", SqlType.FLOAT).newAccumulator()).isInstanceOf(DoubleInput.class);
        assertThat(bind("AVG", SqlType.INTEGER).newAccumulator()).isInstanceOf(LongInput.class);
        assertThat(bind("MIN", SqlType.INTEGER).newAccumulator()).isInstanceOf(LongInput.class);
        assertThat(bind("MAX", SqlType.FLOAT).newAccumulator()).isInstanceOf(DoubleInput.class);
        assertThat(bind("COUNT").newAccumulator()).isInstanceOf(LongInput.class);
    }
}
