package io.velostream.engine.fuzz;

import io.velostream.engine.record.Decimal;
import org.junit.jupiter.api.Test;

import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs ExpressionFuzzTest found: a zero rescaled by 19 or more digits indexed past the powers
 * of ten (ArrayIndexOutOfBoundsException) in Decimal.add, subtract, compareTo and setScale.
 */
class DecimalRegressionTest {
    @Test
    void zeroRescaledByNineteenOrMoreDigits() {
        Decimal tiny = Decimal.parse("0.000000000000000000000000000004972969958"); // scale 39
        Decimal zero = Decimal.parse("0.0000");
        assertThat(tiny.subtract(zero)).hasToString("0.000000000000000000000000000004972969958");
        assertThat(zero.add(tiny).compareTo(tiny)).isZero();
        assertThat(zero.compareTo(tiny)).isNegative();
        assertThat(Decimal.of(0, 0).setScale(30, RoundingMode.HALF_UP).scale()).isEqualTo(30);
        assertThat(Decimal.of(0, 0).setScale(30, RoundingMode.HALF_UP).signum()).isZero();
        // the CAST(e AS DECIMAL(5, 30)) of -0.0 that failed
        assertThat(Decimal.valueOf(-0.0).setScale(30, RoundingMode.HALF_UP).signum()).isZero();
    }
}
