package io.velostream.engine.internal.function.builtin;

import static io.velostream.engine.function.Calls.assertBindError;
import static io.velostream.engine.function.Calls.call;
import static io.velostream.engine.function.Calls.callConst;
import static io.velostream.engine.function.Calls.returnType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import org.junit.jupiter.api.Test;

class JsonFunctionsTest {
    private static final String DOC = """
            {"a": {"b": [10, {"c": "x"}, [1.50, true, null]]}, "n": null, "s": "str", "d": 1.50,
             "big": 123456789012345678901234, "e": 1e3, "a b": {"k": -7}}""";

    @Test
    void extractReturnsScalarsAsValuesAndContainersAsJsonText() {
        assertThat(callConst("JSON_EXTRACT", DOC, "$.a.b[0]")).isEqualTo(10L);
        assertThat(callConst("JSON_EXTRACT", DOC, "$.a.b[1]")).isEqualTo("{\"c\":\"x\"}");
        assertThat(callConst("JSON_EXTRACT", DOC, "$.a.b[1].c")).isEqualTo("x");
        assertThat(callConst("JSON_EXTRACT", DOC, "$['a']['b'][2]")).isEqualTo("[1.50,true,null]");
        assertThat(callConst("JSON_EXTRACT", DOC, "$.a.b[2][1]")).isEqualTo(true);
        Object d = callConst("JSON_EXTRACT", DOC, "$.a.b[2][0]");
        assertThat(d).isInstanceOf(Decimal.class).hasToString("1.50");
        assertThat(callConst("JSON_EXTRACT", DOC, "$.big")).isEqualTo(Decimal.parse("123456789012345678901234"));
        assertThat(callConst("JSON_EXTRACT", DOC, "$.e")).isEqualTo(Decimal.valueOf(1000));
        assertThat(callConst("JSON_EXTRACT", DOC, "$[\"a b\"].k")).isEqualTo(-7L);
        assertThat(callConst("JSON_EXTRACT", "[1,[2,3]]", "$[1]")).isEqualTo("[2,3]");
        assertThat(callConst("JSON_EXTRACT", "{\"x\":[1, 2]}", "$")).isEqualTo("{\"x\":[1,2]}");
        assertThat(returnType("JSON_EXTRACT", SqlType.STRING, SqlType.STRING)).isEqualTo(SqlType.ANY);
    }

    @Test
    void aMissingNodeOrJsonNullIsNull() {
        assertThat(callConst("JSON_EXTRACT", DOC, "$.n")).isNull();
        assertThat(callConst("JSON_EXTRACT", DOC, "$.missing")).isNull();
        assertThat(callConst("JSON_EXTRACT", DOC, "$.a.b[9]")).isNull();
        assertThat(callConst("JSON_EXTRACT", DOC, "$.s[0]")).isNull();
        assertThat(callConst("JSON_EXTRACT", DOC, "$.a.b.c")).isNull();
        assertThat(call("JSON_EXTRACT", null, "$.a")).isNull();
    }

    @Test
    void valueGivesScalarsAsText() {
        assertThat(call("JSON_VALUE", DOC, "$.d")).isEqualTo("1.50");
        assertThat(call("JSON_VALUE", DOC, "$.s")).isEqualTo("str");
        assertThat(call("JSON_VALUE", DOC, "$.a.b[0]")).isEqualTo("10");
        assertThat(call("JSON_VALUE", DOC, "$.a.b[2][1]")).isEqualTo("true");
        assertThat(call("JSON_VALUE", DOC, "$.a")).isNull();
        assertThat(call("JSON_VALUE", DOC, "$.n")).isNull();
        assertThat(returnType("JSON_VALUE", SqlType.STRING, SqlType.STRING)).isEqualTo(SqlType.STRING);
    }

    @Test
    void queryGivesContainersAsText() {
        assertThat(call("JSON_QUERY", DOC, "$.a.b[2]")).isEqualTo("[1.50,true,null]");
        assertThat(call("JSON_QUERY", DOC, "$.a.b[1]")).isEqualTo("{\"c\":\"x\"}");
        assertThat(call("JSON_QUERY", DOC, "$.s")).isNull();
    }

    @Test
    void existsIsTrueForAnyNodeIncludingJsonNull() {
        assertThat(callConst("JSON_EXISTS", DOC, "$.n")).isEqualTo(true);
        assertThat(callConst("JSON_EXISTS", DOC, "$.a.b[1].c")).isEqualTo(true);
        assertThat(callConst("JSON_EXISTS", DOC, "$.x")).isEqualTo(false);
        assertThat(callConst("JSON_EXISTS", null, "$.x")).isNull();
        assertThat(returnType("JSON_EXISTS", SqlType.STRING, SqlType.STRING)).isEqualTo(SqlType.BOOLEAN);
    }

    @Test
    void malformedJsonIsARecordErrorWhateverThePath() {
        assertThatThrownBy(() -> callConst("JSON_EXTRACT", "{\"a\":", "$.a")).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("JSON_EXTRACT invalid JSON: ");
        assertThatThrownBy(() -> callConst("JSON_EXISTS", "{\"a\":1, oops}", "$.a")).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("JSON_EXISTS invalid JSON: ");
        assertThatThrownBy(() -> callConst("JSON_VALUE", "", "$")).isInstanceOf(ValueException.class)
                .hasMessage("JSON_VALUE invalid JSON: empty document");
    }

    @Test
    void badPathsAreBindErrorsWhenConstant() {
        assertThatThrownBy(() -> callConst("JSON_VALUE", DOC, "$.a[x]")).isInstanceOf(FunctionException.class)
                .hasMessage("JSON_VALUE invalid JSON path '$.a[x]' at position 4");
        assertThatThrownBy(() -> callConst("JSON_VALUE", DOC, "a.b")).isInstanceOf(FunctionException.class)
                .hasMessage("JSON_VALUE JSON path 'a.b' must start with '$'");
        assertThatThrownBy(() -> callConst("JSON_VALUE", DOC, "$..a")).isInstanceOf(FunctionException.class)
                .hasMessage("JSON_VALUE invalid JSON path '$..a' at position 2");
        assertThatThrownBy(() -> call("JSON_QUERY", DOC, "$['a")).isInstanceOf(ValueException.class)
                .hasMessage("JSON_QUERY invalid JSON path '$['a' at position 2");
        assertBindError("JSON_VALUE", SqlType.MAP, SqlType.STRING).hasMessage("JSON_VALUE argument 1 must be STRING, got MAP");
    }
}
