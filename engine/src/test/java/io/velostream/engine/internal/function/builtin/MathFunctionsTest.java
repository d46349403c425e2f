package io.velostream.engine.internal.function.builtin;

import static io.velostream.engine.function.Calls.assertBindError;
import static io.velostream.engine.function.Calls.call;
import static io.velostream.engine.function.Calls.callAny;
import static io.velostream.engine.function.Calls.returnType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import org.junit.jupiter.api.Test;

class MathFunctionsTest {
    private static Decimal dec(String s) {
        return Decimal.parse(s);
    }

    @Test
    void absKeepsTheArgumentType() {
        assertThat(call("ABS", -5L)).isEqualTo(5L);
        assertThat(call("ABS", 1.5)).isEqualTo(1.5);
        Object d = call("ABS", dec("-2.50"));
        assertThat(d).isInstanceOf(Decimal.class).hasToString("2.50");
        assertThat(call("ABS", (Object) null)).isNull();
        assertThat(returnType("ABS", SqlType.INTEGER)).isEqualTo(SqlType.INTEGER);
        assertThat(returnType("ABS", SqlType.DECIMAL)).isEqualTo(SqlType.DECIMAL);
        assertThat(returnType("ABS", SqlType.ANY)).isEqualTo(SqlType.ANY);
    }

    @Test
    void integerOverflowIsARecordError() {
        assertThatThrownBy(() -> call("ABS", Long.MIN_VALUE)).isInstanceOf(ValueException.class)
                .hasMessage("ABS: integer overflow");
    }

    @Test
    void mathOnANonNumberIsABindErrorOrARecordError() {
        assertBindError("ABS", SqlType.STRING).hasMessage("ABS argument 1 must be numeric, got STRING");
        assertBindError("ROUND", SqlType.DECIMAL, SqlType.BOOLEAN).hasMessage("ROUND argument 2 must be numeric, got BOOLEAN");
        assertThatThrownBy(() -> callAny("SQRT", "abc")).isInstanceOf(ValueException.class)
                .hasMessage("SQRT expects a number, got STRING 'abc'");
    }

    @Test
    void roundIsHalfUpAndKeepsTheType() {
        Object r = call("ROUND", dec("2.345"), 2L);
        assertThat(r).isInstanceOf(Decimal.class).hasToString("2.35");
        assertThat(((Decimal) r).scale()).isEqualTo(2);
        assertThat(call("ROUND", dec("2.5"))).hasToString("3");
        assertThat(call("ROUND", dec("-2.5"))).hasToString("-3");
        assertThat(call("ROUND", dec("1.2"), 3L)).hasToString("1.200");
        assertThat(call("ROUND", 2.675, 2L)).isEqualTo(2.68);
        assertThat(call("ROUND", -2.5)).isEqualTo(-3.0);
        assertThat(call("ROUND", 7L, 2L)).isEqualTo(7L);
        assertThat(call("ROUND", 1250L, -2L)).isEqualTo(1300L);
        assertThat(call("ROUND", 1249L, -2L)).isEqualTo(1200L);
        assertThat(call("ROUND", 2.5, null)).isNull();
        assertThat(returnType("ROUND", SqlType.DECIMAL, SqlType.INTEGER)).isEqualTo(SqlType.DECIMAL);
        assertThat(returnType("ROUND", SqlType.INTEGER)).isEqualTo(SqlType.INTEGER);
    }

    @Test
    void ceilAndFloorKeepTheType() {
        assertThat(call("CEIL", dec("1.2"))).isInstanceOf(Decimal.class).hasToString("2");
        assertThat(call("CEILING", -1.5)).isEqualTo(-1.0);
        assertThat(call("CEIL", 4L)).isEqualTo(4L);
        assertThat(call("FLOOR", dec("-1.2"))).hasToString("-2");
        assertThat(call("FLOOR", 1.7)).isEqualTo(1.0);
        assertThat(call("FLOOR", (Object) null)).isNull();
    }

    @Test
    void floatFunctions() {
        assertThat(call("SQRT", 16L)).isEqualTo(4.0);
        assertThat(call("SQRT", dec("2.25"))).isEqualTo(1.5);
        assertThat(call("EXP", 0L)).isEqualTo(1.0);
        assertThat((Double) call("LN", Math.E)).isCloseTo(1.0, within(1e-12));
        assertThat(call("LOG10", 1000L)).isEqualTo(3.0);
        assertThat(returnType("SQRT", SqlType.INTEGER)).isEqualTo(SqlType.FLOAT);
        assertThat(returnType("SQRT", SqlType.NULL)).as("a NULL literal can only give NULL").isEqualTo(SqlType.NULL);
        assertThat(call("SQRT", (Object) null)).isNull();
    }

    @Test
    void domainErrorsAreRecordErrors() {
        assertThatThrownBy(() -> call("SQRT", -1L)).isInstanceOf(ValueException.class).hasMessage("SQRT of a negative number: -1");
        assertThatThrownBy(() -> call("LN", 0L)).isInstanceOf(ValueException.class).hasMessage("LN of a non-positive number: 0");
        assertThatThrownBy(() -> call("LOG", 1L, 5L)).isInstanceOf(ValueException.class)
                .hasMessage("LOG is undefined for base 1 and value 5");
        assertThatThrownBy(() -> call("POWER", -8L, 0.5)).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("POWER: a negative number raised to a non-integer power");
    }

    @Test
    void logIsNaturalWithOneArgumentAndTakesTheBaseFirst() {
        assertThat((Double) call("LOG", Math.E)).isCloseTo(1.0, within(1e-12));
        assertThat((Double) call("LOG", 2L, 8L)).isCloseTo(3.0, within(1e-12));
        assertThat((Double) call("LOG", 10L, dec("100"))).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void power() {
        assertThat(call("POWER", 2L, 10L)).isEqualTo(1024.0);
        assertThat(call("POW", dec("1.5"), 2L)).isEqualTo(2.25);
        assertThat(call("POW", 2L, null)).isNull();
        assertThat(returnType("POWER", SqlType.INTEGER, SqlType.INTEGER)).isEqualTo(SqlType.FLOAT);
    }

    @Test
    void modPromotesAndHasTheSignOfTheDividend() {
        assertThat(call("MOD", 7L, 3L)).isEqualTo(1L);
        assertThat(call("MOD", -7L, 3L)).isEqualTo(-1L);
        assertThat(call("MOD", dec("7.5"), 2L)).isInstanceOf(Decimal.class).hasToString("1.5");
        assertThat(call("MOD", 7.5, 2L)).isEqualTo(1.5);
        assertThat(call("MOD", 7L, 0L)).as("modulo by zero is NULL (docs/sql.md#types-literals-and-arithmetic)").isNull();
        assertThat(call("MOD", dec("7"), dec("0.00"))).isNull();
        assertThat(call("MOD", null, 3L)).isNull();
        assertThat(returnType("MOD", SqlType.INTEGER, SqlType.DECIMAL)).isEqualTo(SqlType.DECIMAL);
        assertThat(returnType("MOD", SqlType.INTEGER, SqlType.FLOAT)).isEqualTo(SqlType.FLOAT);
        assertThat(returnType("MOD", SqlType.INTEGER, SqlType.ANY)).isEqualTo(SqlType.ANY);
    }

    @Test
    void signIsAnInteger() {
        assertThat(call("SIGN", -5L)).isEqualTo(-1L);
        assertThat(call("SIGN", dec("0.00"))).isEqualTo(0L);
        assertThat(call("SIGN", 2.5)).isEqualTo(1L);
        assertThat(returnType("SIGN", SqlType.FLOAT)).isEqualTo(SqlType.INTEGER);
    }

    @Test
    void greatestAndLeastSkipNullsAndPromote() {
        assertThat(call("GREATEST", 1L, 5L, 3L)).isEqualTo(5L);
        assertThat(call("LEAST", null, 2L, 1L)).isEqualTo(1L);
        assertThat(call("GREATEST", null, null)).isNull();
        assertThat(call("GREATEST", 1L, dec("2.5"))).isEqualTo(dec("2.5"));
        assertThat(call("GREATEST", 3L, dec("2.5"))).isInstanceOf(Decimal.class).isEqualTo(dec("3"));
        assertThat(call("LEAST", 3L, 2.5)).isEqualTo(2.5);
        assertThat(call("GREATEST", "apple", "pear")).isEqualTo("pear");
        assertThat(returnType("GREATEST", SqlType.INTEGER, SqlType.DECIMAL)).isEqualTo(SqlType.DECIMAL);
        assertThat(returnType("LEAST", SqlType.INTEGER, SqlType.NULL)).isEqualTo(SqlType.INTEGER);
        assertBindError("GREATEST", SqlType.INTEGER, SqlType.STRING)
                .hasMessage("GREATEST arguments have incompatible types INTEGER and STRING");
    }
}
