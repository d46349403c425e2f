package io.velostream.example.payments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskCardTest {
    @Test
    void keepsTheLastFourCharacters() {
        assertThat(MaskCard.mask("4111111111111111")).isEqualTo("************1111");
        assertThat(MaskCard.mask("123")).as("nothing to hide").isEqualTo("123");
    }
}
