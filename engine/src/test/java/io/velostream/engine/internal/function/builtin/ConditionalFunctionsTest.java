package io.velostream.engine.internal.function.builtin;

import static io.velostream.engine.function.Calls.assertBindError;
import static io.velostream.engine.function.Calls.call;
import static io.velostream.engine.function.Calls.callAny;
import static io.velostream.engine.function.Calls.returnType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import org.junit.jupiter.api.Test;

class ConditionalFunctionsTest {
    @Test
    void coalesceReturnsTheFirstNonNull() {
        assertThat(call("COALESCE", null, 2L, 3L)).isEqualTo(2L);
        assertThat(call("COALESCE", null, null)).isNull();
        assertThat(call("COALESCE", "a")).isEqualTo("a");
        assertThat(returnType("COALESCE", SqlType.NULL, SqlType.STRING)).isEqualTo(SqlType.STRING);
        assertThat(returnType("COALESCE", SqlType.INTEGER, SqlType.ANY)).isEqualTo(SqlType.ANY);
    }

    @Test
    void coalescePromotesToTheCommonNumericType() {
        assertThat(returnType("COALESCE", SqlType.INTEGER, SqlType.DECIMAL)).isEqualTo(SqlType.DECIMAL);
        Object r = call("COALESCE", 1L, Decimal.parse("2.5"));
        assertThat(r).isInstanceOf(Decimal.class).isEqualTo(Decimal.valueOf(1));
        assertBindError("COALESCE", SqlType.STRING, SqlType.INTEGER)
                .hasMessage("COALESCE arguments have incompatible types STRING and INTEGER");
    }

    @Test
    void nullifIsNullWhenEqual() {
        assertThat(call("NULLIF", 1L, 1L)).isNull();
        assertThat(call("NULLIF", Decimal.parse("1.0"), 1L)).as("numeric equality across types").isNull();
        assertThat(call("NULLIF", 1L, 2L)).isEqualTo(1L);
        assertThat(call("NULLIF", null, 1L)).isNull();
        assertThat(call("NULLIF", 1L, null)).isEqualTo(1L);
        assertThat(returnType("NULLIF", SqlType.STRING, SqlType.STRING)).isEqualTo(SqlType.STRING);
    }

    @Test
    void ifTakesTheSecondBranchForFalseAndNull() {
        assertThat(call("IF", true, "a", "b")).isEqualTo("a");
        assertThat(call("IF", false, "a", "b")).isEqualTo("b");
        assertThat(call("IF", null, "a", "b")).isEqualTo("b");
        assertThat(call("IF", true, null, "b")).isNull();
        assertThat(call("IF", true, 1L, Decimal.parse("2.5"))).isInstanceOf(Decimal.class).isEqualTo(Decimal.valueOf(1));
        assertThat(returnType("IF", SqlType.BOOLEAN, SqlType.INTEGER, SqlType.FLOAT)).isEqualTo(SqlType.FLOAT);
        assertBindError("IF", SqlType.INTEGER, SqlType.STRING, SqlType.STRING)
                .hasMessage("IF argument 1 must be BOOLEAN, got INTEGER");
        assertThatThrownBy(() -> callAny("IF", "yes", 1L, 2L)).isInstanceOf(ValueException.class)
                .hasMessage("IF expects a BOOLEAN condition, got STRING 'yes'");
    }
}
