package io.velostream.engine.internal.function.builtin;

import static io.velostream.engine.function.Calls.assertBindError;
import static io.velostream.engine.function.Calls.bind;
import static io.velostream.engine.function.Calls.call;
import static io.velostream.engine.function.Calls.callAny;
import static io.velostream.engine.function.Calls.callConst;
import static io.velostream.engine.function.Calls.returnType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionFunctionsTest {
    @Test
    void arrayKeepsNullsAndDoesNotKeepTheArgumentArray() {
        Object[] args = {1L, null, "x"};
        BoundFunction f = bind("ARRAY", Argument.of(SqlType.INTEGER), Argument.of(SqlType.NULL), Argument.of(SqlType.STRING));
        Object r = f.invoke(args);
        args[0] = 2L;
        assertThat(r).isEqualTo(Arrays.asList(1L, null, "x"));
        assertThat(f.returnType()).isEqualTo(SqlType.ARRAY);
        assertThat(call("ARRAY")).isEqualTo(List.of());
    }

    @Test
    void arrayLengthAndContains() {
        assertThat(call("ARRAY_LENGTH", List.of(1L, 2L))).isEqualTo(2L);
        assertThat(call("ARRAY_LENGTH", (Object) null)).isNull();
        assertThat(call("ARRAY_CONTAINS", List.of(1L, 2L), Decimal.parse("2.0"))).isEqualTo(true);
        assertThat(call("ARRAY_CONTAINS", Arrays.asList("a", null), 1L)).isEqualTo(false);
        assertThat(call("ARRAY_CONTAINS", List.of(1L), null)).isNull();
        assertBindError("ARRAY_LENGTH", SqlType.STRING).hasMessage("ARRAY_LENGTH argument 1 must be ARRAY, got STRING");
        assertThatThrownBy(() -> callAny("ARRAY_LENGTH", "abc")).isInstanceOf(ValueException.class)
                .hasMessage("ARRAY_LENGTH expects an ARRAY, got STRING 'abc'");
    }

    @Test
    void mapBuildsAnOrderedMapWithStringKeys() {
        Object m = call("MAP", "b", 1L, "a", null);
        assertThat(m).isInstanceOf(LinkedHashMap.class);
        assertThat(List.copyOf(((Map<?, ?>) m).keySet())).isEqualTo(List.of("b", "a"));
        assertThat(((Map<?, ?>) m).get("b")).isEqualTo(1L);
        assertThat(returnType("MAP", SqlType.STRING, SqlType.INTEGER)).isEqualTo(SqlType.MAP);
        assertBindError("MAP", SqlType.STRING).hasMessage("MAP takes key, value pairs (an even number of arguments), got 1");
        assertBindError("MAP", SqlType.INTEGER, SqlType.INTEGER).hasMessage("MAP argument 1 must be STRING, got INTEGER");
        assertThatThrownBy(() -> callAny("MAP", 1L, 2L)).isInstanceOf(ValueException.class)
                .hasMessage("MAP keys must be strings, got INTEGER '1'");
    }

    @Test
    void mapKeysAndValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", 1L);
        m.put("y", "z");
        assertThat(call("MAP_KEYS", m)).isEqualTo(List.of("x", "y"));
        assertThat(call("MAP_VALUES", m)).isEqualTo(List.of(1L, "z"));
        assertThat(call("MAP_KEYS", (Object) null)).isNull();
        assertThat(returnType("MAP_VALUES", SqlType.STRUCT)).isEqualTo(SqlType.ARRAY);
        assertBindError("MAP_KEYS", SqlType.ARRAY).hasMessage("MAP_KEYS argument 1 must be a MAP, got ARRAY");
    }

    @Test
    void structNeedsConstantDistinctFieldNames() {
        Object s = callConst("STRUCT", "x", 1L, "y", "z");
        assertThat(s).isEqualTo(Map.of("x", 1L, "y", "z"));
        assertThat(List.copyOf(((Map<?, ?>) s).keySet())).isEqualTo(List.of("x", "y"));
        assertThat(returnType("STRUCT")).isEqualTo(SqlType.STRUCT);
        assertThatThrownBy(() -> call("STRUCT", "x", 1L)).isInstanceOf(FunctionException.class)
                .hasMessage("STRUCT field names must be constant strings, argument 1 is not");
        assertThatThrownBy(() -> callConst("STRUCT", "x", 1L, "x", 2L)).isInstanceOf(FunctionException.class)
                .hasMessage("STRUCT has the field 'x' twice");
        assertThatThrownBy(() -> callConst("STRUCT", "x")).isInstanceOf(FunctionException.class)
                .hasMessage("STRUCT takes key, value pairs (an even number of arguments), got 1");
    }
}
