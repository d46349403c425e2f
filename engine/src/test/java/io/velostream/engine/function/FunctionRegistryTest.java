package io.velostream.engine.function;

import static io.velostream.engine.function.Calls.assertBindError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.internal.function.builtin.BuiltinFunctions;
import io.velostream.engine.record.SqlType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionRegistryTest {
    /** Every scalar function (docs/functions.md) the registry serves (headers and TUMBLE_* are compiled directly). */
    private static final List<String> SECTION_10 = List.of(
            "ABS", "ROUND", "CEIL", "CEILING", "FLOOR", "SQRT", "POWER", "POW", "MOD", "EXP", "LN", "LOG", "LOG10",
            "SIGN", "GREATEST", "LEAST", "UPPER", "LOWER", "SUBSTRING", "SUBSTR", "REPLACE", "TRIM", "LTRIM", "RTRIM",
            "LENGTH", "LEN", "CONCAT", "CONCAT_WS", "SPLIT", "SPLIT_PART", "JOIN", "LEFT", "RIGHT", "POSITION", "LPAD",
            "RPAD", "REGEXP", "REGEXP_REPLACE", "NOW", "CURRENT_TIMESTAMP", "CURRENT_DATE", "TIMESTAMP", "EXTRACT",
            "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "DATE_FORMAT", "DATE_TRUNC", "DATEDIFF",
            "FROM_UNIXTIME", "UNIX_TIMESTAMP", "TO_TIMESTAMP", "COALESCE", "NULLIF", "IF", "JSON_EXTRACT",
            "JSON_VALUE", "JSON_QUERY", "JSON_EXISTS", "ARRAY", "ARRAY_LENGTH", "ARRAY_CONTAINS", "MAP", "MAP_KEYS",
            "MAP_VALUES", "STRUCT");

    @Test
    void builtinsHoldExactlyTheScalarFunctionsOfSection10() {
        assertThat(BuiltinFunctions.registry().names()).containsExactlyInAnyOrderElementsOf(SECTION_10);
    }

    @Test
    void findIgnoresCaseAndResolvesAliases() {
        FunctionRegistry r = BuiltinFunctions.registry();
        assertThat(r.find("upper")).get().extracting(ScalarFunction::name).isEqualTo("UPPER");
        assertThat(r.find("Ceiling")).get().extracting(ScalarFunction::name).isEqualTo("CEIL");
        assertThat(r.find("header")).isEmpty();
        assertThat(r.find("nope")).isEmpty();
    }

    @Test
    void serviceLoaderAddsUserFunctions() {
        FunctionRegistry r = BuiltinFunctions.registry().withServiceLoader(getClass().getClassLoader());
        assertThat(r.names()).contains("TWICE", "DOUBLE_IT");
        BoundFunction f = r.find("double_it").orElseThrow().bind(List.of(Argument.of(SqlType.INTEGER)), Calls.CONTEXT);
        assertThat(f.returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(f.invoke(new Object[] {21L})).isEqualTo(42L);
    }

    @Test
    void aUserFunctionCannotReplaceABuiltin() {
        FunctionRegistry r = BuiltinFunctions.registry();
        assertThatThrownBy(() -> r.register(new TwiceFunction("upper", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function UPPER")
                .hasMessageContaining("clashes with built-in function UPPER on the name UPPER");
        assertThatThrownBy(() -> r.register(new TwiceFunction("MINE", List.of("SUBSTR"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clashes with built-in function SUBSTRING on the name SUBSTR");
        assertThat(r.find("MINE")).as("a rejected function is not half-registered").isEmpty();
    }

    @Test
    void twoUserFunctionsCannotShareAName() {
        FunctionRegistry r = FunctionRegistry.empty().register(new TwiceFunction("A", List.of()));
        assertThatThrownBy(() -> r.register(new TwiceFunction("B", List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clashes with function A on the name A");
    }

    @Test
    void arityErrorsNameTheFunctionAndTheCounts() {
        assertBindError("NOW", SqlType.INTEGER).hasMessage("NOW takes no arguments, got 1");
        assertBindError("ABS").hasMessage("ABS takes 1 argument, got 0");
        assertBindError("MOD", SqlType.INTEGER).hasMessage("MOD takes 2 arguments, got 1");
        assertBindError("SUBSTRING", SqlType.STRING, SqlType.INTEGER, SqlType.INTEGER, SqlType.INTEGER)
                .hasMessage("SUBSTRING takes 2 or 3 arguments, got 4");
        assertBindError("COALESCE").hasMessage("COALESCE takes at least 1 argument, got 0");
        assertBindError("CONCAT_WS", SqlType.STRING).hasMessage("CONCAT_WS takes at least 2 arguments, got 1");
    }
}
