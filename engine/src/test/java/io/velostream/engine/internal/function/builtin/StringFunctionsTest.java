package io.velostream.engine.internal.function.builtin;

import static io.velostream.engine.function.Calls.assertBindError;
import static io.velostream.engine.function.Calls.call;
import static io.velostream.engine.function.Calls.callAny;
import static io.velostream.engine.function.Calls.callConst;
import static io.velostream.engine.function.Calls.returnType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.function.FunctionException;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringFunctionsTest {
    @Test
    void caseAndTrimAcceptAnyValueAsText() {
        assertThat(call("UPPER", "abc")).isEqualTo("ABC");
        assertThat(call("UPPER", 5L)).isEqualTo("5");
        assertThat(call("LOWER", "ÀB")).isEqualTo("àb");
        assertThat(call("UPPER", (Object) null)).isNull();
        assertThat(call("TRIM", "  a b \t")).isEqualTo("a b");
        assertThat(call("LTRIM", "  a ")).isEqualTo("a ");
        assertThat(call("RTRIM", "  a ")).isEqualTo("  a");
        assertThat(returnType("UPPER", SqlType.INTEGER)).isEqualTo(SqlType.STRING);
    }

    @Test
    void lengthCountsCodePoints() {
        assertThat(call("LENGTH", "héllo")).isEqualTo(5L);
        assertThat(call("LEN", "a😀b")).isEqualTo(3L);
        assertThat(call("LENGTH", Decimal.parse("2.50"))).isEqualTo(4L);
        assertThat(call("LENGTH", (Object) null)).isNull();
        assertThat(returnType("LENGTH", SqlType.STRING)).isEqualTo(SqlType.INTEGER);
    }

    @Test
    void substringIsOneBasedWithSqlSemanticsForLowStarts() {
        assertThat(call("SUBSTRING", "hello", 2L, 3L)).isEqualTo("ell");
        assertThat(call("SUBSTR", "hello", 2L)).isEqualTo("ello");
        assertThat(call("SUBSTRING", "hello", 0L, 3L)).isEqualTo("he");
        assertThat(call("SUBSTRING", "hello", -1L, 3L)).isEqualTo("h");
        assertThat(call("SUBSTRING", "hello", -5L)).isEqualTo("hello");
        assertThat(call("SUBSTRING", "hello", 10L)).isEqualTo("");
        assertThat(call("SUBSTRING", "hello", 4L, 100L)).isEqualTo("lo");
        assertThat(call("SUBSTRING", "a😀b", 2L, 1L)).isEqualTo("😀");
        assertThat(call("SUBSTRING", null, 1L)).isNull();
        assertThat(call("SUBSTRING", "hello", 1L, null)).isNull();
        assertThatThrownBy(() -> call("SUBSTRING", "hello", 1L, -1L)).isInstanceOf(ValueException.class)
                .hasMessage("SUBSTRING length must not be negative, got -1");
        assertBindError("SUBSTRING", SqlType.STRING, SqlType.STRING).hasMessage("SUBSTRING argument 2 must be numeric, got STRING");
    }

    @Test
    void leftAndRight() {
        assertThat(call("LEFT", "hello", 2L)).isEqualTo("he");
        assertThat(call("LEFT", "hello", -2L)).isEqualTo("hel");
        assertThat(call("LEFT", "hi", 5L)).isEqualTo("hi");
        assertThat(call("RIGHT", "hello", 2L)).isEqualTo("lo");
        assertThat(call("RIGHT", "hello", -2L)).isEqualTo("llo");
        assertThat(call("RIGHT", "hi", 5L)).isEqualTo("hi");
        assertThat(call("LEFT", null, 5L)).isNull();
    }

    @Test
    void replaceAndPosition() {
        assertThat(call("REPLACE", "a-b-c", "-", "+")).isEqualTo("a+b+c");
        assertThat(call("REPLACE", "abc", "", "x")).isEqualTo("abc");
        assertThat(call("REPLACE", "abc", "b", null)).isNull();
        assertThat(call("POSITION", "l", "hello")).isEqualTo(3L);
        assertThat(call("POSITION", "z", "hello")).isEqualTo(0L);
        assertThat(call("POSITION", "b", "😀b")).isEqualTo(2L);
        assertThat(call("POSITION", "", "x")).isEqualTo(1L);
        assertThat(call("POSITION", null, "x")).isNull();
    }

    @Test
    void padding() {
        assertThat(call("LPAD", "7", 3L, "0")).isEqualTo("007");
        assertThat(call("LPAD", "a", 5L, "xy")).isEqualTo("xyxya");
        assertThat(call("LPAD", "abc", 2L)).isEqualTo("ab");
        assertThat(call("RPAD", "a", 3L)).isEqualTo("a  ");
        assertThat(call("RPAD", "a", 4L, "xy")).isEqualTo("axyx");
        assertThat(call("RPAD", "a", 3L, "")).isEqualTo("a");
        assertThat(call("LPAD", "a", -1L)).isEqualTo("");
        assertThat(call("LPAD", "a", 3L, null)).isNull();
        assertThatThrownBy(() -> call("RPAD", "a", 1L << 40)).isInstanceOf(ValueException.class)
                .hasMessage("RPAD length 1099511627776 is over the limit of 1048576");
    }

    @Test
    void concatTreatsNullAsEmpty() {
        assertThat(call("CONCAT", "a", null, 1L, Decimal.parse("2.50"))).isEqualTo("a12.50");
        assertThat(call("CONCAT", (Object) null)).isEqualTo("");
        assertThat(returnType("CONCAT", SqlType.NULL)).isEqualTo(SqlType.STRING);
    }

    @Test
    void concatWsSkipsNullValuesButNotANullSeparator() {
        assertThat(call("CONCAT_WS", ",", "a", null, "b")).isEqualTo("a,b");
        assertThat(call("CONCAT_WS", ",", null, "b")).isEqualTo("b");
        assertThat(call("CONCAT_WS", ",", null, null)).isEqualTo("");
        assertThat(call("CONCAT_WS", null, "a")).isNull();
    }

    @Test
    void splitAndSplitPart() {
        assertThat(call("SPLIT", "a,b,,c", ",")).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(call("SPLIT", "a::b", "::")).isEqualTo(List.of("a", "b"));
        assertThat(call("SPLIT", "abc", "")).isEqualTo(List.of("abc"));
        assertThat(call("SPLIT", "a.b", ".")).as("the delimiter is literal, not a regex").isEqualTo(List.of("a", "b"));
        assertThat(call("SPLIT", null, ",")).isNull();
        assertThat(returnType("SPLIT", SqlType.STRING, SqlType.STRING)).isEqualTo(SqlType.ARRAY);
        assertThat(call("SPLIT_PART", "a,b,c", ",", 2L)).isEqualTo("b");
        assertThat(call("SPLIT_PART", "a,b,c", ",", 4L)).isEqualTo("");
        assertThat(call("SPLIT_PART", "a,b,c", ",", 0L)).isEqualTo("");
        assertThat(call("SPLIT_PART", "a,b,c", ",", -1L)).isEqualTo("c");
        assertThat(call("SPLIT_PART", "a,b,c", ",", -4L)).isEqualTo("");
        assertThat(call("SPLIT_PART", "a,b,c", ",", null)).isNull();
    }

    @Test
    void joinSkipsNullElements() {
        assertThat(call("JOIN", Arrays.asList("a", null, "b", 1L), "-")).isEqualTo("a-b-1");
        assertThat(call("JOIN", List.of(), "-")).isEqualTo("");
        assertThat(call("JOIN", null, "-")).isNull();
        assertBindError("JOIN", SqlType.STRING, SqlType.STRING).hasMessage("JOIN argument 1 must be ARRAY, got STRING");
        assertThatThrownBy(() -> callAny("JOIN", "a,b", ",")).isInstanceOf(ValueException.class)
                .hasMessage("JOIN expects an ARRAY, got STRING 'a,b'");
    }

    @Test
    void regexpMatchesAnywhere() {
        assertThat(callConst("REGEXP", "abc123", "[0-9]+")).isEqualTo(true);
        assertThat(call("REGEXP", "abc", "^b")).isEqualTo(false);
        assertThat(call("REGEXP", null, "a")).isNull();
        assertThat(returnType("REGEXP", SqlType.STRING, SqlType.STRING)).isEqualTo(SqlType.BOOLEAN);
    }

    @Test
    void aConstantPatternCompilesAtBindTimeAndOtherwisePerRecord() {
        assertThatThrownBy(() -> callConst("REGEXP", "abc", "[")).isInstanceOf(FunctionException.class)
                .hasMessageStartingWith("REGEXP invalid pattern '[': ");
        assertThatThrownBy(() -> call("REGEXP", "abc", "[")).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("REGEXP invalid pattern '[': ");
    }

    @Test
    void regexpReplaceReplacesAllAndTakesFlags() {
        assertThat(callConst("REGEXP_REPLACE", "a1b22c", "[0-9]+", "#")).isEqualTo("a#b#c");
        assertThat(call("REGEXP_REPLACE", "a1b22c", "[0-9]+", "#", "g")).isEqualTo("a#b#c");
        assertThat(callConst("REGEXP_REPLACE", "ABC abc", "b", "x", "i")).isEqualTo("AxC axc");
        assertThat(callConst("REGEXP_REPLACE", "ABC abc", "b", "x")).isEqualTo("ABC axc");
        assertThat(callConst("REGEXP_REPLACE", "a\nb", "a.b", "X", "s")).isEqualTo("X");
        assertThat(callConst("REGEXP_REPLACE", "a\nb", "a.b", "X")).isEqualTo("a\nb");
        assertThat(callConst("REGEXP_REPLACE", "a\nb", "^b", "X", "m")).isEqualTo("a\nX");
        assertThat(callConst("REGEXP_REPLACE", "john smith", "(\\w+) (\\w+)", "$2 $1")).isEqualTo("smith john");
        assertThat(call("REGEXP_REPLACE", "abc", "b", null)).isNull();
        assertThatThrownBy(() -> callConst("REGEXP_REPLACE", "abc", "b", "x", "q")).isInstanceOf(FunctionException.class)
                .hasMessage("REGEXP_REPLACE unknown flag 'q' (known: i, m, s, x, g)");
        assertThatThrownBy(() -> call("REGEXP_REPLACE", "abc", "(b)", "$3")).isInstanceOf(ValueException.class)
                .hasMessageStartingWith("REGEXP_REPLACE invalid replacement '$3'");
    }
}
