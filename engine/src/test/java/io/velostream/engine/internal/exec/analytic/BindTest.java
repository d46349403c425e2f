package io.velostream.engine.internal.exec.analytic;

import static io.velostream.engine.internal.exec.analytic.Fixture.REGISTRY;
import static io.velostream.engine.internal.exec.analytic.Fixture.arg;
import static io.velostream.engine.internal.exec.analytic.Fixture.bind;
import static io.velostream.engine.internal.exec.analytic.Fixture.col;
import static io.velostream.engine.internal.exec.analytic.Fixture.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.internal.exec.analytic.Frame.Bound;
import io.velostream.engine.record.SqlType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compile-time checks: what is rejected, with which message, and the result types. */
class BindTest {
    private static final List<SqlType> ONE_KEY = List.of(SqlType.INTEGER);

    @Test
    void resultTypes() {
        assertThat(bind("ROW_NUMBER", ONE_KEY, null).returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(bind("CUME_DIST", ONE_KEY, null).returnType()).isEqualTo(SqlType.FLOAT);
        assertThat(bind("LAG", ONE_KEY, null, arg(SqlType.STRING)).returnType()).isEqualTo(SqlType.STRING);
        assertThat(bind("SUM", ONE_KEY, null, arg(SqlType.DECIMAL)).returnType()).isEqualTo(SqlType.DECIMAL);
        assertThat(bind("stddev", ONE_KEY, null, arg(SqlType.INTEGER)).name()).isEqualTo("STDDEV");
    }

    @Test
    void rejectsUnknownFunctionsAndWrongArity() {
        assertRejected(() -> bind("UPPER", ONE_KEY, null, arg(SqlType.STRING)), "unknown analytic function UPPER");
        assertRejected(() -> bind("LAG", ONE_KEY, null), "LAG takes 1 to 3 arguments, got 0");
        assertRejected(() -> bind("RANK", ONE_KEY, null, arg(SqlType.INTEGER)), "RANK takes 0 arguments, got 1");
        assertRejected(() -> bind("SUM", ONE_KEY, null, arg(SqlType.STRING)), "SUM needs a numeric argument, got STRING");
        assertRejected(() -> AnalyticFunction.bind("RANK", List.of(), true, ONE_KEY, null, REGISTRY),
                "RANK does not take DISTINCT");
    }

    @Test
    void rejectsBadConstantParameters() {
        assertRejected(() -> bind("NTILE", ONE_KEY, null, constant(0L)), "NTILE needs a positive bucket count, got 0");
        assertRejected(() -> bind("NTILE", ONE_KEY, null, arg(SqlType.INTEGER)), "NTILE needs a constant integer bucket count");
        assertRejected(() -> bind("NTH_VALUE", ONE_KEY, null, arg(SqlType.INTEGER), constant(0L)),
                "NTH_VALUE needs a positive position, got 0");
        assertRejected(() -> bind("LEAD", ONE_KEY, null, arg(SqlType.INTEGER), constant(-1L)),
                "LEAD needs a non-negative offset, got -1");
    }

    @Test
    void rejectsInvalidFrames() {
        assertRejected(() -> bind("SUM", ONE_KEY, Frame.rows(Bound.CURRENT_ROW, Bound.preceding(1L)), arg(SqlType.INTEGER)),
                "a frame cannot start at CURRENT ROW and end at PRECEDING");
        assertRejected(() -> bind("SUM", ONE_KEY, Frame.rows(Bound.UNBOUNDED_FOLLOWING, Bound.UNBOUNDED_FOLLOWING),
                arg(SqlType.INTEGER)), "a frame cannot start at UNBOUNDED FOLLOWING");
        assertRejected(() -> bind("SUM", ONE_KEY, Frame.rows(Bound.preceding(1.5), Bound.CURRENT_ROW), arg(SqlType.INTEGER)),
                "a ROWS frame offset must be a non-negative integer constant, got 1.5");
        assertRejected(() -> bind("SUM", List.of(SqlType.INTEGER, SqlType.STRING),
                        Frame.range(Bound.preceding(1L), Bound.CURRENT_ROW), arg(SqlType.INTEGER)),
                "a RANGE frame with an offset needs exactly one ORDER BY key, got 2");
        assertRejected(() -> bind("SUM", ONE_KEY, Frame.range(Bound.preceding(Duration.ofHours(1)), Bound.CURRENT_ROW),
                arg(SqlType.INTEGER)), "an INTERVAL RANGE offset needs a TIMESTAMP ORDER BY key, got INTEGER");
        assertRejected(() -> bind("SUM", List.of(SqlType.TIMESTAMP), Frame.range(Bound.preceding(5L), Bound.CURRENT_ROW),
                arg(SqlType.INTEGER)), "a numeric RANGE offset needs a numeric ORDER BY key, got TIMESTAMP");
    }

    @Test
    void aCallMustMatchWhatItWasBoundWith() {
        AnalyticFunction lag = bind("LAG", ONE_KEY, null, arg(SqlType.INTEGER));
        assertRejected(() -> new AnalyticCall("x", lag, List.of(col(0)), Window.unordered(null)),
                "LAG was bound with 1 ORDER BY keys but its window has 0");
        assertRejected(() -> Window.unordered(0L), "ROWS WINDOW BUFFER needs at least 1 row, got 0");
        assertRejected(() -> AnalyticOperator.builder().build(), "an analytic operator needs at least one call");
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
